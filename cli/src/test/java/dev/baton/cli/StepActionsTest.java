package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.api.ActionStatus;
import dev.baton.api.StepActionSpec;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.api.WorkflowInstanceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepActionsTest {
    private static StepActionSpec action(String id) {
        StepActionSpec a = new StepActionSpec();
        a.id = id;
        a.action = "Skip";
        a.path = "s";
        return a;
    }

    private static WorkflowInstance instance(int actions, int answered) {
        WorkflowInstance i = new WorkflowInstance();
        i.setMetadata(new ObjectMetaBuilder().withName("run").build());
        i.setSpec(new WorkflowInstanceSpec());
        i.getSpec().actions = new ArrayList<>();
        i.setStatus(new WorkflowInstanceStatus());
        i.getStatus().actions = new ArrayList<>();
        for (int n = 0; n < actions; n++) {
            i.getSpec().actions.add(action("a" + n));
            if (n < answered) {
                ActionStatus s = new ActionStatus();
                s.id = "a" + n;
                s.outcome = "Done";
                i.getStatus().actions.add(s);
            }
        }
        return i;
    }

    @Test
    void anActionIsAddedAfterThoseAlreadyAsked() {
        assertThat(StepActionRequest.withAction(instance(2, 0), action("new"))).extracting(a -> a.id).containsExactly("a0", "a1", "new");
    }

    @Test
    void aFullListMakesRoomByDroppingTheOldestAnsweredAction() {
        List<StepActionSpec> out = StepActionRequest.withAction(instance(100, 3), action("new"));
        assertThat(out).hasSize(100);
        assertThat(out.get(0).id).isEqualTo("a1");
        assertThat(out.get(99).id).isEqualTo("new");
    }

    @Test
    void aFullListOfUnansweredActionsIsRefused() {
        assertThatThrownBy(() -> StepActionRequest.withAction(instance(100, 0), action("new")))
                .isInstanceOf(UserError.class).hasMessageContaining("100 step actions the operator has not answered yet");
    }

    @Test
    void aStepIsInAListOnceAndTakenOutOnRemove() {
        assertThat(StepActions.edited(null, "b", true)).containsExactly("b");
        assertThat(StepActions.edited(List.of("a", "b"), "b", true)).containsExactly("a", "b");
        assertThat(StepActions.edited(List.of("a", "b"), "a", false)).containsExactly("b");
    }

    @Test
    void aMalformedPathIsRefusedBeforeAnyRequest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        String kubeconfig = BatonCliTest.unreachable(dir).toString();
        // A request would fail with ERROR (the server is unreachable): USAGE shows the path was checked first.
        assertThat(BatonCliTest.run("skip", "run", "Bad/Path", "--kubeconfig", kubeconfig).code()).isEqualTo(ExitCodes.USAGE);
        assertThat(BatonCliTest.run("skip", "run", "good/path", "--kubeconfig", kubeconfig).code()).isEqualTo(ExitCodes.ERROR);
    }
}
