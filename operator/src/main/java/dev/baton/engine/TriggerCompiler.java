package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.triggers.CatchUp;
import dev.baton.engine.triggers.CronSchedule;
import dev.baton.engine.triggers.IntervalSchedule;
import dev.baton.engine.triggers.Schedule;
import dev.baton.engine.triggers.SignalJoin;
import dev.baton.engine.triggers.SignalTrigger;
import dev.baton.engine.triggers.TimeTrigger;
import dev.baton.engine.triggers.TriggerPlanner;
import dev.baton.engine.triggers.Triggers;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a Workflow's {@code triggers}, {@code backfill} and {@code history} into {@link Triggers}, every
 * mistake a field error: a schedule that does not parse, an unknown zone, jitter as long as the period,
 * an interval of zero, a param that is not the workflow's, a template that does not compile, a backfill
 * of a trigger that does not exist or of too many fires.
 */
public final class TriggerCompiler {
    /** Time triggers a workflow may have, of each kind. */
    public static final int MAX_TRIGGERS = 20;
    /** Fires one backfill may start. */
    public static final int MAX_BACKFILL = 1_000;
    /** The variables a trigger's params may use: {@code trigger.name}, {@code .scheduledTime}, {@code .date}. */
    public static final String VARIABLE = "trigger";
    /** The variables a signal trigger's match may use ({@code signal.name}, {@code signal.params}). */
    public static final String SIGNAL = "signal";
    /** The variables a signal trigger's params may use besides {@link #SIGNAL}: {@code signals['name'].params}. */
    public static final String SIGNALS = "signals";
    static final Set<String> FIELDS = SpecFields.keys("cron", "interval", "signals");
    private static final Set<String> SIGNAL_FIELDS = SpecFields.keys("name", "signals", "joinOn", "params");
    private static final Set<String> COMMON = Set.of("name", "jitter", "params", "catchUp");
    private static final Set<String> CRON_FIELDS = union(COMMON, "schedule", "timezone");
    private static final Set<String> INTERVAL_FIELDS = union(COMMON, "every", "anchor");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_NAME = 40;
    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);
    private final Expressions expressions;

    public TriggerCompiler(Expressions expressions) {
        this.expressions = expressions;
    }

    /** The triggers of a whole spec (plain JSON), and its errors added to {@code errors}. */
    public Triggers compile(Map<String, Object> spec, Set<String> params, List<FieldError> errors) {
        SpecFields s = SpecFields.of(spec == null ? Map.of() : spec, "spec", errors);
        return read(s, params);
    }

    Triggers read(SpecFields spec, Set<String> params) {
        List<TimeTrigger> time = new ArrayList<>();
        List<SignalTrigger> signal = new ArrayList<>();
        SpecFields t = spec.object("triggers");
        if (t != null) {
            t.only(FIELDS);
            Set<String> names = new HashSet<>();
            each(t, "cron", (c) -> cron(c, params, names), time);
            each(t, "interval", (c) -> interval(c, params, names), time);
            List<?> list = t.list("signals", MAX_TRIGGERS);
            for (int i = 0; list != null && i < list.size(); i++) {
                SignalTrigger s = signal(SpecFields.of(list.get(i), t.field("signals") + "[" + i + "]", t.errors()), params, names);
                if (s != null) {
                    signal.add(s);
                }
            }
        }
        return new Triggers(time, signal, backfill(spec.object("backfill"), time), history(spec.object("history")));
    }

    private SignalTrigger signal(SpecFields c, Set<String> params, Set<String> names) {
        c.only(SIGNAL_FIELDS);
        String name = name(c, names);
        List<SignalJoin.Wanted> wanted = new ArrayList<>();
        List<?> list = c.list("signals", 10);
        if (list == null || list.isEmpty()) {
            c.errors().add(new FieldError(c.field("signals"), "a signal trigger needs at least one signal to wait for"));
        }
        for (int i = 0; list != null && i < list.size(); i++) {
            SpecFields w = SpecFields.of(list.get(i), c.field("signals") + "[" + i + "]", c.errors());
            w.only(SpecFields.keys("name", "match"));
            String signalName = StepSignalsReader.signalName(w);
            String match = w.string("match");
            if (signalName == null) {
                continue;
            }
            if (match != null) {
                try {
                    expressions.checkCondition(match, Set.of(SIGNAL));
                } catch (ExpressionException e) {
                    w.errors().add(new FieldError(w.field("match"), e.getMessage()));
                    continue;
                }
            }
            wanted.add(new SignalJoin.Wanted(signalName, match));
        }
        List<String> joinOn = c.strings("joinOn", 10);
        long distinct = wanted.stream().map(SignalJoin.Wanted::name).distinct().count();
        if (distinct > 1 && (joinOn == null || joinOn.isEmpty())) {
            c.errors().add(new FieldError(c.field("joinOn"), "a trigger of more than one signal needs joinOn: the params whose"
                    + " equal values make signals one set (e.g. [date])"));
        }
        Map<String, Object> values = c.anyMap("params");
        if (values != null) {
            values.forEach((k, v) -> {
                String field = c.field("params") + "." + k;
                if (!params.contains(k)) {
                    c.errors().add(new FieldError(field, "the workflow has no param " + k));
                } else if (v instanceof String template) {
                    expressions.checkTemplate(template, Set.of(SIGNAL, SIGNALS)).forEach(p -> c.errors().add(new FieldError(field, p)));
                }
            });
        }
        if (name == null || wanted.isEmpty()) {
            return null;
        }
        return new SignalTrigger(name, wanted, joinOn == null ? List.of() : joinOn,
                values == null ? Map.of() : new LinkedHashMap<>(values), c.path());
    }

    private interface Reader {
        TimeTrigger read(SpecFields s);
    }

    private static void each(SpecFields t, String key, Reader reader, List<TimeTrigger> out) {
        List<?> list = t.list(key, MAX_TRIGGERS);
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            TimeTrigger trigger = reader.read(SpecFields.of(list.get(i), t.field(key) + "[" + i + "]", t.errors()));
            if (trigger != null) {
                out.add(trigger);
            }
        }
    }

    private TimeTrigger cron(SpecFields c, Set<String> params, Set<String> names) {
        c.only(CRON_FIELDS);
        String name = name(c, names);
        ZoneId zone = zone(c);
        String text = c.string("schedule");
        Schedule schedule = null;
        if (text == null) {
            c.errors().add(new FieldError(c.field("schedule"), "a cron trigger needs a schedule, such as \"0 2 * * *\" or \"@daily\""));
        } else if (zone != null) {
            try {
                schedule = CronSchedule.parse(text, zone);
            } catch (IllegalArgumentException e) {
                c.errors().add(new FieldError(c.field("schedule"), e.getMessage()));
            }
        }
        return common(c, name, schedule, zone, params);
    }

    private TimeTrigger interval(SpecFields c, Set<String> params, Set<String> names) {
        c.only(INTERVAL_FIELDS);
        String name = name(c, names);
        Duration every = c.duration("every");
        Schedule schedule = null;
        if (every == null) {
            c.errors().add(new FieldError(c.field("every"), "an interval trigger needs every, such as 15m"));
        } else if (every.compareTo(SHORTEST_INTERVAL) < 0) {
            c.errors().add(new FieldError(c.field("every"), "must be at least 1s"));
        } else {
            Instant anchor = instant(c, "anchor");
            schedule = new IntervalSchedule(every, anchor == null ? IntervalSchedule.EPOCH : anchor);
        }
        return common(c, name, schedule, ZoneId.of("UTC"), params);
    }

    private TimeTrigger common(SpecFields c, String name, Schedule schedule, ZoneId zone, Set<String> params) {
        Duration jitter = c.duration("jitter");
        if (jitter != null && schedule != null && jitter.compareTo(shortestPeriod(schedule)) >= 0) {
            c.errors().add(new FieldError(c.field("jitter"), "must be shorter than the trigger's period ("
                    + dev.baton.engine.model.Durations.format(shortestPeriod(schedule)) + ")"));
        }
        Map<String, Object> values = paramTemplates(c, params);
        CatchUp catchUp = catchUp(c.object("catchUp"));
        if (name == null || schedule == null || zone == null) {
            return null;
        }
        return new TimeTrigger(name, schedule, zone, jitter, values, catchUp, c.path());
    }

    private Map<String, Object> paramTemplates(SpecFields c, Set<String> params) {
        Map<String, Object> values = c.anyMap("params");
        if (values == null) {
            return Map.of();
        }
        values.forEach((k, v) -> {
            String field = c.field("params") + "." + k;
            if (!params.contains(k)) {
                c.errors().add(new FieldError(field, "the workflow has no param " + k));
            } else if (v instanceof String template) {
                expressions.checkTemplate(template, Set.of(VARIABLE)).forEach(p -> c.errors().add(new FieldError(field, p)));
            }
        });
        return new LinkedHashMap<>(values);
    }

    private static String name(SpecFields c, Set<String> names) {
        String name = c.string("name");
        if (name == null) {
            c.errors().add(new FieldError(c.field("name"), "a trigger needs a name"));
            return null;
        }
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            c.errors().add(new FieldError(c.field("name"), "must be lowercase letters, digits and '-', at most "
                    + MAX_NAME + " characters, as it names the instances it starts"));
            return null;
        }
        if (!names.add(name)) {
            c.errors().add(new FieldError(c.field("name"), "another trigger is named " + name));
            return null;
        }
        return name;
    }

    private static ZoneId zone(SpecFields c) {
        String text = c.string("timezone");
        if (text == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            c.errors().add(new FieldError(c.field("timezone"), "not an IANA time zone such as Europe/Berlin: " + text));
            return null;
        }
    }

    private static CatchUp catchUp(SpecFields s) {
        if (s == null) {
            return CatchUp.DEFAULT;
        }
        s.only(SpecFields.keys("policy", "startingDeadline", "maxRuns"));
        CatchUp.Policy policy = s.oneOf("policy", CatchUp.Policy.class);
        Duration deadline = s.duration("startingDeadline");
        Integer maxRuns = s.integer("maxRuns", 1, CatchUp.MAX_RUNS);
        return new CatchUp(policy == null ? CatchUp.Policy.Latest : policy, deadline,
                maxRuns == null ? CatchUp.DEFAULT_MAX_RUNS : maxRuns);
    }

    private static Triggers.Backfill backfill(SpecFields s, List<TimeTrigger> time) {
        if (s == null) {
            return null;
        }
        s.only(SpecFields.keys("trigger", "from", "to"));
        String name = s.string("trigger");
        Instant from = instant(s, "from");
        Instant to = instant(s, "to");
        if (name == null || from == null || to == null) {
            if (name == null || !s.has("from") || !s.has("to")) {
                s.errors().add(new FieldError(s.path(), "a backfill needs trigger, from and to"));
            }
            return null;
        }
        TimeTrigger trigger = time.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        if (trigger == null) {
            s.errors().add(new FieldError(s.field("trigger"), "no time trigger is named " + name));
            return null;
        }
        if (from.isAfter(to)) {
            s.errors().add(new FieldError(s.field("to"), "must not be before from"));
            return null;
        }
        try {
            return new Triggers.Backfill(name, from, to, TriggerPlanner.range(trigger.schedule(), from, to, MAX_BACKFILL));
        } catch (IllegalArgumentException e) {
            s.errors().add(new FieldError(s.path(), e.getMessage()));
            return null;
        }
    }

    private static Triggers.History history(SpecFields s) {
        if (s == null) {
            return Triggers.History.DEFAULT;
        }
        s.only(SpecFields.keys("succeeded", "failed"));
        Integer succeeded = s.integer("succeeded", 0, 10_000);
        Integer failed = s.integer("failed", 0, 10_000);
        return new Triggers.History(succeeded == null ? Triggers.History.DEFAULT_KEPT : succeeded,
                failed == null ? Triggers.History.DEFAULT_KEPT : failed);
    }

    private static Instant instant(SpecFields s, String key) {
        String text = s.string(key);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            s.errors().add(new FieldError(s.field(key), "must be a time such as 2026-01-31T00:00:00Z, got " + text));
            return null;
        }
    }

    /** The shortest gap between fires, from the next few after a fixed day: what jitter must stay under. */
    private static Duration shortestPeriod(Schedule schedule) {
        Duration shortest = null;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 50; i++) {
            Optional<Instant> next = schedule.next(at);
            if (next.isEmpty()) {
                break;
            }
            if (i > 0) {
                Duration gap = Duration.between(at, next.get());
                shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
            }
            at = next.get();
        }
        return shortest == null ? Duration.ofDays(366) : shortest;
    }

    private static Set<String> union(Set<String> a, String... more) {
        Set<String> out = new HashSet<>(a);
        out.addAll(List.of(more));
        return Set.copyOf(out);
    }

    /**
     * The params of a time trigger's fire at {@code at}: its templates with {@code trigger.name},
     * {@code trigger.scheduledTime} and {@code trigger.date} (in the trigger's zone) evaluated. A template
     * that fails is left out and reported to {@code failed} with its field.
     */
    public Map<String, Object> fireParams(dev.baton.engine.triggers.TimeTrigger t, java.time.Instant at,
                                          java.util.function.BiConsumer<String, String> failed) {
        Map<String, Object> vars = Map.of(VARIABLE, Map.of("name", t.name(), "scheduledTime", at.toString(),
                "date", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd").format(at.atZone(t.zone()))));
        return params(t.field(), t.params(), vars, failed);
    }

    /**
     * A trigger's params (at {@code field}) with their templates evaluated over {@code vars}; one that fails
     * is left out and reported to {@code failed}. Null when none is left.
     */
    public Map<String, Object> params(String field, Map<String, Object> templates, Map<String, Object> vars,
                                      java.util.function.BiConsumer<String, String> failed) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        templates.forEach((k, v) -> {
            try {
                out.put(k, v instanceof String template ? expressions.interpolate(template, vars) : v);
            } catch (RuntimeException e) {
                failed.accept(field + ".params." + k, e.getMessage());
            }
        });
        return out.isEmpty() ? null : out;
    }
}
