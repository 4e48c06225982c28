package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An instance's duration comes from the times its status stores, so it is never negative. */
class InstanceDurationTest {
    @ParameterizedTest
    @CsvSource({
            "2026-11-24T10:00:00Z, 2026-11-24T10:00:00Z, 0ms",
            "2026-11-24T10:00:00Z, 2026-11-24T10:00:01Z, 1s",
            "2026-11-24T10:00:00Z, 2026-11-24T11:02:03Z, 1h2m3s",
            "2026-11-24T10:00:05Z, 2026-11-24T10:00:04Z, 0ms",
    })
    void fromStoredTimes(String start, String completion, String expected) {
        assertThat(InstanceStatusBuilder.duration(start, completion)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2026-11-24T10:00:00.900Z, 2026-11-24T10:00:01.200Z"})
    void aRunWithinOneSecondStoredAcrossASecondBoundaryIsNotNegative(String start, String end) {
        String s = StatusCodec.text(java.time.Instant.parse(start));
        String e = StatusCodec.text(java.time.Instant.parse(end));
        assertThat(InstanceStatusBuilder.duration(s, e)).isEqualTo("1s");
    }
}
