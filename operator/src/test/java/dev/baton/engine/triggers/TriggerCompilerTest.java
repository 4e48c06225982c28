package dev.baton.engine.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.Expressions;
import dev.baton.engine.TriggerCompiler;
import dev.baton.engine.model.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/** A Workflow's triggers, backfill and history: compiled, or every mistake named by field. */
class TriggerCompilerTest {
    private static final TriggerCompiler COMPILER = new TriggerCompiler(new Expressions());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad schedule        | triggers: {cron: [{name: a, schedule: '61 * * * *'}]}                 | spec.triggers.cron[0].schedule: not a five-field cron schedule
            no schedule         | triggers: {cron: [{name: a}]}                                         | spec.triggers.cron[0].schedule: a cron trigger needs a schedule
            unknown macro       | triggers: {cron: [{name: a, schedule: '@fortnightly'}]}               | spec.triggers.cron[0].schedule: unknown macro @fortnightly
            unknown zone        | triggers: {cron: [{name: a, schedule: '@daily', timezone: Mars/Base}]} | spec.triggers.cron[0].timezone: not an IANA time zone
            jitter too long     | triggers: {cron: [{name: a, schedule: '@hourly', jitter: 1h}]}         | spec.triggers.cron[0].jitter: must be shorter than the trigger's period (1h0m0s)
            interval of zero    | triggers: {interval: [{name: a, every: 0s}]}                          | spec.triggers.interval[0].every: must be at least 1s
            no interval         | triggers: {interval: [{name: a}]}                                     | spec.triggers.interval[0].every: an interval trigger needs every
            bad anchor          | triggers: {interval: [{name: a, every: 1m, anchor: yesterday}]}       | spec.triggers.interval[0].anchor: must be a time
            same names          | triggers: {cron: [{name: a, schedule: '@daily'}], interval: [{name: a, every: 1m}]} | spec.triggers.interval[0].name: another trigger is named a
            bad name            | triggers: {cron: [{name: Daily_Run, schedule: '@daily'}]}             | spec.triggers.cron[0].name: must be lowercase letters
            unknown field       | triggers: {cron: [{name: a, schedule: '@daily', tz: UTC}]}            | spec.triggers.cron[0].tz
            unknown param       | triggers: {cron: [{name: a, schedule: '@daily', params: {nope: 1}}]}  | spec.triggers.cron[0].params.nope: the workflow has no param nope
            bad template        | triggers: {cron: [{name: a, schedule: '@daily', params: {date: '${trigger.date +}'}}]} | spec.triggers.cron[0].params.date: invalid expression
            unknown variable    | triggers: {cron: [{name: a, schedule: '@daily', params: {date: '${params.date}'}}]}    | spec.triggers.cron[0].params.date: invalid expression
            bad policy          | triggers: {cron: [{name: a, schedule: '@daily', catchUp: {policy: Some}}]} | spec.triggers.cron[0].catchUp.policy: must be one of None, Latest, All
            backfill of nothing | {triggers: {cron: [{name: a, schedule: '@daily'}]}, backfill: {trigger: b, from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z'}} | spec.backfill.trigger: no time trigger is named b
            backward backfill   | {triggers: {cron: [{name: a, schedule: '@daily'}]}, backfill: {trigger: a, from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z'}} | spec.backfill.to: must not be before from
            huge backfill       | {triggers: {interval: [{name: a, every: 1m}]}, backfill: {trigger: a, from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z'}} | spec.backfill: the range holds more than 1000 fires
            negative history    | history: {succeeded: -1}                                              | spec.history.succeeded
            """)
    void mistakesAreNamedByField(String title, String spec, String expected) {
        List<FieldError> errors = new ArrayList<>();
        COMPILER.compile(yaml(spec.startsWith("{") ? spec : "{" + spec + "}"), Set.of("date"), errors);

        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(expected));
    }

    @Test
    void aValidSpecCompilesEveryPart() {
        List<FieldError> errors = new ArrayList<>();
        Triggers t = COMPILER.compile(yaml("""
                triggers:
                  cron:
                    - {name: nightly, schedule: '30 2 * * *', timezone: Europe/Berlin, jitter: 5m, params: {date: '${trigger.date}'},
                       catchUp: {policy: All, maxRuns: 3, startingDeadline: 6h}}
                  interval:
                    - {name: tick, every: 15m, anchor: '2026-01-01T00:05:00Z'}
                backfill: {trigger: tick, from: '2026-01-01T00:05:00Z', to: '2026-01-01T01:05:00Z'}
                history: {succeeded: 5, failed: 2}
                """), Set.of("date"), errors);

        assertThat(errors).isEmpty();
        assertThat(t.time()).extracting(TimeTrigger::name).containsExactly("nightly", "tick");
        TimeTrigger nightly = t.named("nightly");
        assertThat(nightly.jitter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(nightly.catchUp()).isEqualTo(new CatchUp(CatchUp.Policy.All, Duration.ofHours(6), 3));
        assertThat(nightly.params()).isEqualTo(Map.of("date", "${trigger.date}"));
        assertThat(t.backfill().fires()).hasSize(5).first().isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(t.history()).isEqualTo(new Triggers.History(5, 2));
    }

    @Test
    void withoutTriggersNothingFiresAndHistoryHasItsDefault() {
        Triggers t = COMPILER.compile(yaml("{steps: []}"), Set.of(), new ArrayList<>());

        assertThat(t.time()).isEmpty();
        assertThat(t.history()).isEqualTo(Triggers.History.DEFAULT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Yaml().load(text);
    }
}
