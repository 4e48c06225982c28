package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The instance list: filters, newest first, and continue tokens that visit every match exactly once. */
class InstancePageTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    /** 10,000 instances in two namespaces and two workflows; many share a creation second, as bursts do. */
    private static List<WorkflowInstance> many() {
        List<WorkflowInstance> out = new ArrayList<>();
        InstancePhase[] phases = {InstancePhase.Succeeded, InstancePhase.Failed, InstancePhase.Running};
        for (int i = 0; i < 10_000; i++) {
            var w = ConsoleFixtures.instance(i % 2 == 0 ? "team-a" : "team-b", "run-" + i, i % 3 == 0 ? "etl" : "report",
                    phases[i % 3], T0.plusSeconds(i / 7));
            w.getMetadata().getLabels().put("tier", i % 5 == 0 ? "gold" : "bronze");
            out.add(w);
        }
        return out;
    }

    private static InstanceQuery query(Map<String, String> params) {
        return InstanceQuery.parse(params::get);
    }

    @Test
    void pagesWalkEveryMatchOnceNewestFirst() {
        List<WorkflowInstance> all = many();
        Set<String> seen = new HashSet<>();
        String token = null;
        String previousCreated = null;
        int pages = 0;
        do {
            var q = query(token == null ? Map.of("limit", "500") : Map.of("limit", "500", "continue", token));
            var page = InstancePage.of(all.stream(), q, ns -> true);
            assertThat(page.matched()).isEqualTo(10_000);
            for (var item : page.items()) {
                assertThat(seen.add(item.namespace() + "/" + item.name())).as("shown once: " + item.name()).isTrue();
                if (previousCreated != null) {
                    assertThat(item.created()).isLessThanOrEqualTo(previousCreated);
                }
                previousCreated = item.created();
            }
            token = page.continueToken();
            pages++;
        } while (token != null);
        assertThat(seen).hasSize(10_000);
        assertThat(pages).isEqualTo(20);
    }

    @Test
    void filtersCombine() {
        var page = InstancePage.of(many().stream(), query(Map.of("namespace", "team-a", "workflow", "etl", "phase", "Succeeded,Running",
                "label", "tier=gold", "limit", "500")), ns -> true);
        // Every 30th index is team-a (even), etl (multiple of 3) and gold (multiple of 5); i % 3 == 0 is Succeeded.
        assertThat(page.matched()).isEqualTo(334);
        assertThat(page.items()).allSatisfy(i -> {
            assertThat(i.namespace()).isEqualTo("team-a");
            assertThat(i.workflow()).isEqualTo("etl");
            assertThat(i.phase()).isEqualTo("Succeeded");
        });
    }

    @Test
    void theTimeRangeIsOnTheCreationTime() {
        var page = InstancePage.of(many().stream(), query(Map.of("since", T0.plusSeconds(100).toString(),
                "until", T0.plusSeconds(109).toString())), ns -> true);
        assertThat(page.matched()).isEqualTo(70);
    }

    @Test
    void namespacesTheCallerMayNotListAreLeftOut() {
        var page = InstancePage.of(many().stream(), query(Map.of()), ns -> ns.equals("team-b"));
        assertThat(page.matched()).isEqualTo(5_000);
        assertThat(page.items()).allSatisfy(i -> assertThat(i.namespace()).isEqualTo("team-b"));
    }

    @Test
    void iterationsAreShownByTheirParentNotListed() {
        WorkflowInstance parent = ConsoleFixtures.instance("ns", "loop-1", "loop", InstancePhase.Running, T0);
        WorkflowInstance iteration = ConsoleFixtures.child(parent, "each", 0, InstancePhase.Running);
        assertThat(InstancePage.of(java.util.stream.Stream.of(parent, iteration), query(Map.of()), ns -> true).items())
                .extracting(InstanceSummary::name).containsExactly("loop-1");
        assertThat(InstancePage.of(java.util.stream.Stream.of(parent, iteration), query(Map.of("children", "true")), ns -> true).matched())
                .isEqualTo(2);
    }

    @Test
    void badParametersAreRefusedByName() {
        assertThatThrownBy(() -> query(Map.of("limit", "0"))).hasMessageContaining("limit:");
        assertThatThrownBy(() -> query(Map.of("since", "yesterday"))).hasMessageContaining("since:").hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> query(Map.of("label", "tier"))).hasMessageContaining("label:");
        assertThatThrownBy(() -> InstancePage.of(many().stream(), query(Map.of("continue", "%%%")), ns -> true))
                .hasMessageContaining("continue:");
    }
}
