package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.ParamSpec;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JOSDK's copy of a primary: through JSON, but not for a spec nested too deep to write on a thread's stack. */
class PrimaryClonerTest {

    @Test
    void aWorkflowNestedTooDeepIsHandedOverUncopiedAndAnOrdinaryOneIsCopied() {
        try (var client = new KubernetesClientBuilder().build()) {
            PrimaryCloner cloner = new PrimaryCloner(client);
            Workflow ordinary = workflow(3);
            Workflow deep = workflow(20_000);

            Workflow copy = cloner.copy(ordinary);
            assertThat(copy).isNotSameAs(ordinary);
            assertThat(dev.baton.engine.Json.write(copy)).isEqualTo(dev.baton.engine.Json.write(ordinary));
            assertThat(cloner.copy(deep)).isSameAs(deep);
        }
    }

    private static Workflow workflow(int depth) {
        List<Object> outer = new ArrayList<>();
        List<Object> at = outer;
        for (int i = 1; i < depth; i++) {
            List<Object> next = new ArrayList<>();
            at.add(next);
            at = next;
        }
        Workflow w = new Workflow();
        w.setMetadata(new ObjectMetaBuilder().withName("w").withNamespace("ns").build());
        w.setSpec(new WorkflowSpec());
        ParamSpec p = new ParamSpec();
        p.defaultValue = outer;
        w.getSpec().params.put("p", p);
        return w;
    }
}
