package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Actions that make no sense for the run as it is are refused before anything is sent, with the reason. */
class ConsoleActionsTest {
    private final ConsoleActions actions = new ConsoleActions(Clock.systemUTC());

    @Test
    void refusalsNameTheProblem() {
        var running = ConsoleFixtures.instance("ns", "r-1", "r", InstancePhase.Running, Instant.now());
        var ended = ConsoleFixtures.instance("ns", "e-1", "e", InstancePhase.Failed, Instant.now());
        ended.getStatus().steps = List.of(ConsoleFixtures.step("a", StepPhase.Failed));
        assertThatThrownBy(() -> actions.act(null, running, new ConsoleActions.Request("restart", null, null, null)))
                .hasMessageContaining("a restart serves an ended run");
        assertThatThrownBy(() -> actions.act(null, ended, new ConsoleActions.Request("stop", null, null, null)))
                .hasMessageContaining("has already ended (Failed)");
        assertThatThrownBy(() -> actions.act(null, ended, new ConsoleActions.Request("restart", "FromStep", "zz", null)))
                .hasMessageContaining("step: FromStep needs one of the run's steps");
        assertThatThrownBy(() -> actions.act(null, ended, new ConsoleActions.Request("restart", "Sideways", null, null)))
                .hasMessageContaining("policy:");
        assertThatThrownBy(() -> actions.act(null, running, new ConsoleActions.Request("explode", null, null, null)))
                .hasMessageContaining("action: expected suspend, resume, stop, kill or restart");
        assertThatThrownBy(() -> actions.act(null, running, new ConsoleActions.Request("Pause", null, null, "a")))
                .hasMessageContaining("a step action is one of");
        assertThatThrownBy(() -> actions.act(null, running, new ConsoleActions.Request(null, null, null, null)))
                .hasMessageContaining("action: required");
    }
}
