package dev.baton.engine.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void aDailyScheduleFiresAtItsWallClockTimeInTheZone() {
        CronSchedule s = CronSchedule.parse("30 2 * * *", BERLIN);

        assertThat(s.next(Instant.parse("2026-01-10T00:00:00Z"))).contains(Instant.parse("2026-01-10T01:30:00Z"));
        assertThat(s.next(Instant.parse("2026-07-10T00:00:00Z"))).contains(Instant.parse("2026-07-10T00:30:00Z"));
    }

    @Test
    void onTheSpringForwardDayATimeInTheGapFiresOnceAtTheGapsEnd() {
        // 2026-03-29 in Berlin: 02:00 → 03:00, so 02:30 does not exist.
        List<Instant> fires = fires(CronSchedule.parse("30 2 * * *", BERLIN), "2026-03-27T12:00:00Z", "2026-03-31T12:00:00Z");

        assertThat(fires).containsExactly(Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-29T01:30:00Z"),
                Instant.parse("2026-03-30T00:30:00Z"), Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void onTheFallBackDayATimeThatComesTwiceFiresOnce() {
        // 2026-11-01 in New York: 02:00 EDT → 01:00 EST, so 01:30 comes twice.
        List<Instant> fires = fires(CronSchedule.parse("30 1 * * *", NEW_YORK), "2026-10-31T00:00:00Z", "2026-11-02T12:00:00Z");

        assertThat(fires).containsExactly(Instant.parse("2026-10-31T05:30:00Z"), Instant.parse("2026-11-01T05:30:00Z"),
                Instant.parse("2026-11-02T06:30:00Z"));
    }

    @Test
    void previousIsTheLastFireAtOrBeforeTheBoundAcrossAGap() {
        CronSchedule s = CronSchedule.parse("30 2 * * *", BERLIN);

        assertThat(s.previous(Instant.parse("2026-03-29T01:30:00Z"))).contains(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(s.previous(Instant.parse("2026-03-29T01:29:59Z"))).contains(Instant.parse("2026-03-28T01:30:00Z"));
        assertThat(s.previous(Instant.parse("2026-11-01T12:00:00Z"))).contains(Instant.parse("2026-11-01T01:30:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            @hourly   | 2026-05-05T10:20:00Z | 2026-05-05T11:00:00Z
            @daily    | 2026-05-05T10:20:00Z | 2026-05-06T00:00:00Z
            @midnight | 2026-05-05T10:20:00Z | 2026-05-06T00:00:00Z
            @weekly   | 2026-05-05T10:20:00Z | 2026-05-10T00:00:00Z
            @monthly  | 2026-05-05T10:20:00Z | 2026-06-01T00:00:00Z
            @yearly   | 2026-05-05T10:20:00Z | 2027-01-01T00:00:00Z
            */15 * * * * | 2026-05-05T10:20:00Z | 2026-05-05T10:30:00Z
            0 9 * * 1-5  | 2026-05-08T10:00:00Z | 2026-05-11T09:00:00Z
            """)
    void macrosAndFieldsMeanWhatCronMeans(String schedule, String after, String next) {
        assertThat(CronSchedule.parse(schedule, ZoneId.of("UTC")).next(Instant.parse(after))).contains(Instant.parse(next));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            61 * * * *     | not a five-field cron schedule
            * * * *        | not a five-field cron schedule
            @fortnightly   | unknown macro @fortnightly
            every day      | not a five-field cron schedule
            """)
    void badSchedulesSayWhatIsWrong(String schedule, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(schedule, ZoneId.of("UTC")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    private static List<Instant> fires(Schedule s, String from, String to) {
        List<Instant> out = new ArrayList<>();
        Instant at = Instant.parse(from);
        while (true) {
            Instant next = s.next(at).orElseThrow();
            if (next.isAfter(Instant.parse(to))) {
                return out;
            }
            out.add(next);
            at = next;
        }
    }
}
