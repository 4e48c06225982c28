package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** readOnly mode: no sign-in, every read allowed, every action refused with a message that says why. */
class ConsoleAuthTest {
    private static ConsoleSettings settings(ConsoleSettings.Mode mode) {
        return new ConsoleSettings() {
            public boolean enabled() {
                return true;
            }

            public Mode mode() {
                return mode;
            }

            public int authCacheSeconds() {
                return 30;
            }

            public int maxLogStreams() {
                return 4;
            }
        };
    }

    @Test
    void readOnlyLetsEveryoneReadAndNoOneAct() {
        ConsoleAuth auth = new ConsoleAuth(settings(ConsoleSettings.Mode.readOnly), null, null);
        Caller caller = auth.authenticate(null);
        assertThat(caller.anonymous()).isTrue();
        assertThat(auth.allowed(caller, "ns", "list", "baton.dev", "workflowinstances", null)).isTrue();
        assertThat(auth.allowed(caller, "ns", "get", "", "pods", "log")).isTrue();
        assertThatThrownBy(() -> auth.require(caller, "ns", "patch", "baton.dev", "workflowinstances", null))
                .isInstanceOf(ConsoleRefusal.class).hasMessageContaining("read-only");
    }

    @Test
    void kubernetesModeWantsABearerTokenBeforeAskingTheApiServer() {
        ConsoleAuth auth = new ConsoleAuth(settings(ConsoleSettings.Mode.kubernetes), null, null);
        for (String header : new String[] {null, "", "Basic abc", "Bearer "}) {
            assertThatThrownBy(() -> auth.authenticate(header)).as(String.valueOf(header)).isInstanceOf(ConsoleRefusal.class)
                    .hasMessageContaining("bearer token").satisfies(e -> assertThat(((ConsoleRefusal) e).status()).isEqualTo(401));
        }
    }
}
