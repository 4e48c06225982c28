package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.InstancePhase;
import dev.baton.executor.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Baton writes on its own children (parent and root labels, tree annotations, a body, loop
 * variables) means nothing on an instance a user created: it cannot skip the queue, join another tree's
 * budget, bring untyped variables, or pass for another instance's iteration. Malformed values never throw.
 */
class ForgedChildTest {
    private final WorkflowInstance parent = TestInstances.instance("ns", "parent", "wf");

    @Test
    void labelsAndAnnotationsAloneMakeNoChild() {
        WorkflowInstance forged = TestInstances.instance("ns", "mine", "wf");
        forged.getMetadata().setLabels(Map.of(Labels.PARENT, "parent", Labels.ROOT, "parent"));
        forged.getMetadata().setAnnotations(Map.of(Labels.TREE_LIMIT, "not-a-number", Labels.DEPTH, "-3"));
        assertThat(InstanceTree.isChild(forged)).as("no controller owner reference").isFalse();
        assertThat(InstanceTree.root(forged)).as("its own tree").isEqualTo("mine");
        assertThat(InstanceTree.subworkflowDepth(forged)).isZero();
        assertThat(IterationInstances.iteration(forged)).isFalse();
    }

    @Test
    void aRealChildsMalformedAnnotationsNeverThrow() {
        WorkflowInstance child = TestInstances.child(parent, "parent-loop-1");
        child.getMetadata().setAnnotations(Map.of(Labels.TREE_LIMIT, "many", Labels.DEPTH, "deep"));
        assertThat(InstanceTree.isChild(child)).isTrue();
        assertThat(InstanceTree.treeLimitAnnotation(child)).isNull();
        assertThat(InstanceTree.subworkflowDepth(child)).isZero();
    }

    @Test
    void aTopLevelInstanceGetsNoLoopVariablesAndCountsOnlyTheChildrenItControls() {
        WorkflowInstance me = TestInstances.instance("ns", "parent", "wf");
        me.getSpec().loopParams = Map.of("region", "eu");
        me.setStatus(new WorkflowInstanceStatus());
        var loop = new dev.baton.api.StepStatus();
        loop.name = "loop";
        loop.phase = dev.baton.engine.model.StepPhase.Running;
        me.getStatus().steps.add(loop);
        WorkflowInstance real = iteration(TestInstances.child(me, "parent-loop-0"), 0);
        WorkflowInstance lookAlike = iteration(TestInstances.instance("ns", "parent-loop-1", "wf"), 1);
        lookAlike.getMetadata().setLabels(Map.of(Labels.PARENT, "parent", Labels.STEP, "loop", Labels.GENERATION, "1",
                Labels.ITERATION, "1"));
        var run = StatusCodec.read(me, Map.of(), Instant.EPOCH, Map.of(), -1, List.of(real, lookAlike));
        assertThat(run.loopParams()).isEmpty();
        assertThat(run.children().get("loop")).extracting(c -> c.index()).containsExactly(0L);
    }

    private static WorkflowInstance iteration(WorkflowInstance i, long index) {
        var labels = new java.util.HashMap<>(i.getMetadata().getLabels() == null ? Map.<String, String>of() : i.getMetadata().getLabels());
        labels.putAll(Map.of(Labels.STEP, "loop", Labels.GENERATION, "1", Labels.ITERATION, String.valueOf(index)));
        i.getMetadata().setLabels(labels);
        i.getSpec().body = new WorkflowInstanceSpec.BodyRef();
        i.setStatus(new WorkflowInstanceStatus());
        i.getStatus().phase = InstancePhase.Succeeded;
        return i;
    }
}
