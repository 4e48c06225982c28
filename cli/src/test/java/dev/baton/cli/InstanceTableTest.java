package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceTableTest {
    @Test
    void runsAreAlignedColumnsAsKubectlPrintsThem() throws IOException {
        List<WorkflowInstance> all = TreeRendererTest.fixture("/tree/instance.yaml");
        all.get(0).getMetadata().setCreationTimestamp("2026-12-01T10:00:00Z");
        all.get(0).getStatus().duration = "1m";
        String text = InstanceTable.render(all.subList(0, 1), false, Style.PLAIN, Instant.parse("2026-12-01T10:03:30Z"));
        assertThat(text).isEqualTo("""
                NAME       WORKFLOW   PHASE     PROGRESS   AGE     DURATION
                report-1   report     Running   2/4        3m30s   1m
                """);
        String wide = InstanceTable.render(all, true, Style.PLAIN, Instant.parse("2026-12-01T10:03:30Z"));
        assertThat(wide.lines().findFirst().orElseThrow()).startsWith("NAMESPACE   NAME ");
        assertThat(wide).contains("ns          report-1-per-region-2   report     Running   0/1");
    }
}
