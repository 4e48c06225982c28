package dev.baton.engine.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerPlannerTest {
    private static final String ID = "ns/etl/hourly";
    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");

    @Test
    void aFireStartsWhenItsTimeComesAndWakesForTheNext() {
        TriggerPlanner.Decision d = TriggerPlanner.plan(hourly(CatchUp.DEFAULT, null), ID, T.minusSeconds(3600), null, T.plusSeconds(1));

        assertThat(d.fire()).containsExactly(T);
        assertThat(d.considered()).isEqualTo(T);
        assertThat(d.next()).isEqualTo(T.plusSeconds(3600));
        assertThat(d.wakeAt()).isEqualTo(T.plusSeconds(3600));
    }

    @Test
    void decidedAgainAfterTheFireNothingNewStarts() {
        TriggerPlanner.Decision d = TriggerPlanner.plan(hourly(CatchUp.DEFAULT, null), ID, T, null, T.plusSeconds(30));

        assertThat(d.fire()).isEmpty();
        assertThat(d.considered()).isEqualTo(T);
    }

    @Test
    void jitterDelaysAFireByTheSameAmountEveryTime() {
        Duration jitter = Duration.ofMinutes(10);
        Duration delay = Jitter.delay(ID, T, jitter);
        assertThat(delay).isLessThan(jitter).isEqualTo(Jitter.delay(ID, T, jitter));
        assertThat(Jitter.delay("ns/other/hourly", T, jitter)).as("another trigger, another delay").isNotEqualTo(delay);

        TriggerPlanner.Decision early = TriggerPlanner.plan(hourly(CatchUp.DEFAULT, jitter), ID, T.minusSeconds(3600), null,
                T.plus(delay).minusMillis(1));
        TriggerPlanner.Decision onTime = TriggerPlanner.plan(hourly(CatchUp.DEFAULT, jitter), ID, T.minusSeconds(3600), null, T.plus(delay));

        assertThat(early.fire()).isEmpty();
        assertThat(early.wakeAt()).isEqualTo(T.plus(delay));
        assertThat(onTime.fire()).containsExactly(T);
    }

    @Test
    void afterDowntimeLatestStartsOnlyTheMostRecentMissedFire() {
        TriggerPlanner.Decision d = TriggerPlanner.plan(hourly(CatchUp.DEFAULT, null), ID, T.minusSeconds(5 * 3600), null,
                T.plusSeconds(20 * 60));

        assertThat(d.fire()).containsExactly(T);
        assertThat(d.considered()).isEqualTo(T);
        assertThat(d.skipped()).isEqualTo(1);
    }

    @Test
    void latestLetsAFireGoOnceItIsMoreThanAPeriodLate() {
        TriggerPlanner.Decision d = TriggerPlanner.plan(hourly(CatchUp.DEFAULT, null), ID, T.minusSeconds(5 * 3600), null,
                T.plusSeconds(3600).minusSeconds(1));
        assertThat(d.fire()).containsExactly(T);

        TriggerPlanner.Decision later = TriggerPlanner.plan(hourly(new CatchUp(CatchUp.Policy.Latest, Duration.ofMinutes(5), 1), null),
                ID, T.minusSeconds(5 * 3600), null, T.plusSeconds(10 * 60));
        assertThat(later.fire()).as("past its startingDeadline").isEmpty();
        assertThat(later.considered()).as("and let go for good").isEqualTo(T);
    }

    @Test
    void allStartsTheLatestMaxRunsMissedFiresOldestFirst() {
        TriggerPlanner.Decision d = TriggerPlanner.plan(hourly(new CatchUp(CatchUp.Policy.All, null, 3), null), ID,
                T.minusSeconds(10 * 3600), null, T.plusSeconds(60));

        assertThat(d.fire()).containsExactly(T.minusSeconds(7200), T.minusSeconds(3600), T);
    }

    @Test
    void noneStartsOnlyWhatIsOnTime() {
        TriggerPlanner.Decision late = TriggerPlanner.plan(hourly(new CatchUp(CatchUp.Policy.None, null, 1), null), ID,
                T.minusSeconds(3 * 3600), null, T.plusSeconds(61));
        TriggerPlanner.Decision onTime = TriggerPlanner.plan(hourly(new CatchUp(CatchUp.Policy.None, null, 1), null), ID,
                T.minusSeconds(3 * 3600), null, T.plusSeconds(59));

        assertThat(late.fire()).isEmpty();
        assertThat(late.considered()).isEqualTo(T);
        assertThat(onTime.fire()).containsExactly(T);
    }

    @Test
    void aTriggerFirstSeenNowStartsNothingScheduledBefore() {
        TriggerPlanner.Decision d = TriggerPlanner.plan(hourly(CatchUp.DEFAULT, null), ID, null, T.plusSeconds(60), T.plusSeconds(120));

        assertThat(d.fire()).isEmpty();
        assertThat(d.next()).isEqualTo(T.plusSeconds(3600));
    }

    @Test
    void aCronTriggerInAZoneFiresOnItsLocalSchedule() {
        TimeTrigger nightly = new TimeTrigger("nightly", CronSchedule.parse("0 2 * * *", ZoneId.of("Asia/Tokyo")),
                ZoneId.of("Asia/Tokyo"), null, Map.of(), CatchUp.DEFAULT, "spec.triggers.cron[0]");
        Instant twoAmTokyo = Instant.parse("2026-06-01T17:00:00Z");

        assertThat(TriggerPlanner.plan(nightly, ID, twoAmTokyo.minusSeconds(86_400), null, twoAmTokyo.plusSeconds(5)).fire())
                .containsExactly(twoAmTokyo);
    }

    @Test
    void aBackfillRangeIsEveryScheduledTimeInItInclusive() {
        IntervalSchedule hourly = new IntervalSchedule(Duration.ofHours(1), IntervalSchedule.EPOCH);

        assertThat(TriggerPlanner.range(hourly, T, T.plusSeconds(3 * 3600), 10))
                .containsExactly(T, T.plusSeconds(3600), T.plusSeconds(7200), T.plusSeconds(3 * 3600));
        assertThatThrownBy(() -> TriggerPlanner.range(hourly, T, T.plusSeconds(30 * 3600), 10))
                .hasMessageContaining("more than 10 fires");
    }

    private static TimeTrigger hourly(CatchUp catchUp, Duration jitter) {
        return new TimeTrigger("hourly", new IntervalSchedule(Duration.ofHours(1), IntervalSchedule.EPOCH), ZoneId.of("UTC"),
                jitter, Map.of(), catchUp, "spec.triggers.interval[0]");
    }
}
