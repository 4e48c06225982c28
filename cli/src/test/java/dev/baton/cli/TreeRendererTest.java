package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeRendererTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:02:00Z");

    static List<WorkflowInstance> fixture(String name) throws IOException {
        try (InputStream in = TreeRendererTest.class.getResourceAsStream(name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            KubernetesSerialization json = new KubernetesSerialization();
            return java.util.Arrays.stream(text.split("(?m)^---$")).map(doc -> json.unmarshal(doc, WorkflowInstance.class)).toList();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TreeRendererTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRunIsDrawnWithItsStepsAttemptsLoopCountsAndIterations() throws IOException {
        List<WorkflowInstance> all = fixture("/tree/instance.yaml");
        String text = new TreeRenderer(Style.PLAIN, NOW).render(new InstanceTree(all.get(0), all.subList(1, all.size())));
        assertThat(text).isEqualTo(resource("/tree/expected.txt"));
    }

    @Test
    void coloursAreAddedOnlyWhenAsked() throws IOException {
        List<WorkflowInstance> all = fixture("/tree/instance.yaml");
        String plain = new TreeRenderer(Style.PLAIN, NOW).render(new InstanceTree(all.get(0), List.of()));
        String coloured = new TreeRenderer(new Style(true), NOW).render(new InstanceTree(all.get(0), List.of()));
        assertThat(plain).doesNotContain("\u001b[");
        assertThat(coloured).contains("\u001b[32mSucceeded\u001b[0m", "\u001b[31mUserError\u001b[0m");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void textFromTheClusterCannotReachTheTerminalAsEscapes() throws IOException {
        WorkflowInstance i = fixture("/tree/instance.yaml").get(0);
        i.getStatus().steps.get(2).message = "evil\u001b[2Jline\nforged";
        String text = new TreeRenderer(Style.PLAIN, NOW).render(new InstanceTree(i, List.of()));
        assertThat(text).doesNotContain("\u001b").contains("evil\\u001b[2Jline\\nforged");
    }

    @Test
    void aChildWhoseLabelsPointBackUpIsDrawnOnce() throws IOException {
        List<WorkflowInstance> all = fixture("/tree/instance.yaml");
        WorkflowInstance root = all.get(0);
        // A forged child that claims to be the parent of the root: the tree must not loop.
        root.getMetadata().setLabels(java.util.Map.of("baton.dev/parent", "report-1-per-region-2", "baton.dev/step", "load"));
        String text = new TreeRenderer(Style.PLAIN, NOW).render(new InstanceTree(root, List.of(all.get(1), root)));
        assertThat(text.lines().filter(l -> l.contains("report-1  ")).count()).isEqualTo(1);
    }
}
