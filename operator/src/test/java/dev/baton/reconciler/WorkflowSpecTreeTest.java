package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.api.WorkflowSpec;
import dev.baton.engine.Expressions;
import dev.baton.engine.Json;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.executor.StepPodChecks;
import org.junit.jupiter.api.Test;

/** A Workflow as the informer decodes it becomes the tree the compiler reads, every kind of step included. */
class WorkflowSpecTreeTest {
    @Test
    void theDecodedSpecCompilesAsWritten() throws Exception {
        WorkflowSpec spec = new ObjectMapper(new YAMLFactory()).readValue("""
                params: {n: {type: long, default: 2}}
                steps:
                  - {name: a, noop: {}}
                  - {name: b, dependsOn: [a], sleep: {duration: 1s}}
                  - {name: c, dependsOn: [b], bash: {script: "echo", resources: {limits: {memory: 64Mi}}}}
                  - name: d
                    dependsOn: [c]
                    foreach:
                      params: {x: [1, 2]}
                      steps: [{name: e, noop: {}}, {name: f, dependsOn: [e], python: {script: "print(1)"}}]
                """, WorkflowSpec.class);
        var compiled = new WorkflowCompiler(new Expressions(), new StepPodChecks()).compile(Json.tree(spec));
        assertThat(compiled.errors()).isEmpty();
        assertThat(compiled.definition().steps().order()).containsExactly("a", "b", "c", "d");
        assertThat(compiled.definition().step("c").leaf().resources()).containsKey("limits");
    }
}
