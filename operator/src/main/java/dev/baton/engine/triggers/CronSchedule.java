package dev.baton.engine.triggers;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A standard five-field cron schedule (and the macros {@code @yearly}, {@code @monthly}, {@code @weekly},
 * {@code @daily}, {@code @midnight}, {@code @hourly}), parsed by cron-utils, in an IANA time zone.
 *
 * <p>The schedule is a set of wall-clock times, matched on the zone's local calendar and then placed on
 * the time line by the zone's rules. So on a spring-forward day a 02:30 schedule, whose time does not
 * exist, fires once, at the gap's end (03:30, as cron daemons do), and on a fall-back day a 01:30
 * schedule, whose time exists twice, fires once, at the first. A wall-clock time that comes twice is one
 * scheduled time: fires are never repeated, and the repeated hour of a {@code *}/15 schedule fires once.
 */
public final class CronSchedule implements Schedule {
    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    /** The local calendar, as a zone without rules: cron-utils then never sees a gap or an overlap. */
    private static final ZoneOffset LOCAL = ZoneOffset.UTC;
    /** Enough steps to leave any run of local times that map before the bound (one fall-back hour). */
    private static final int MAX_STEPS = 10_000;

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** The schedule, or an {@link IllegalArgumentException} saying what is wrong with the expression. */
    public static CronSchedule parse(String expression, ZoneId zone) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("a schedule is required");
        }
        String text = expression.trim();
        String macro = switch (text) {
            case "@yearly", "@annually" -> "0 0 1 1 *";
            case "@monthly" -> "0 0 1 * *";
            case "@weekly" -> "0 0 * * 0";
            case "@daily", "@midnight" -> "0 0 * * *";
            case "@hourly" -> "0 * * * *";
            default -> null;
        };
        if (macro == null && text.startsWith("@")) {
            throw new IllegalArgumentException("unknown macro " + text
                    + "; the macros are @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly");
        }
        try {
            var cron = new CronParser(UNIX).parse(macro != null ? macro : text);
            cron.validate();
            return new CronSchedule(ExecutionTime.forCron(cron), zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a five-field cron schedule: " + e.getMessage());
        }
    }

    @Override
    public Optional<Instant> next(Instant after) {
        ZonedDateTime local = after.atZone(zone).toLocalDateTime().atZone(LOCAL);
        for (int i = 0; i < MAX_STEPS; i++) {
            Optional<ZonedDateTime> n = times.nextExecution(local);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            Instant at = place(n.get().toLocalDateTime());
            if (at.isAfter(after)) {
                return Optional.of(at);
            }
            local = n.get(); // a time the fall-back hour repeats, already passed on the time line
        }
        return Optional.empty();
    }

    @Override
    public Optional<Instant> previous(Instant atOrBefore) {
        // lastExecution is strictly before its argument: start a second later to include atOrBefore.
        ZonedDateTime local = atOrBefore.atZone(zone).toLocalDateTime().plusSeconds(1).atZone(LOCAL);
        for (int i = 0; i < MAX_STEPS; i++) {
            Optional<ZonedDateTime> p = times.lastExecution(local);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            Instant at = place(p.get().toLocalDateTime());
            if (!at.isAfter(atOrBefore)) {
                return Optional.of(at);
            }
            local = p.get(); // a gap time placed after the bound
        }
        return Optional.empty();
    }

    /** A local time on the time line: in a gap, the gap's end plus the time into it; twice, the first. */
    private Instant place(LocalDateTime local) {
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }
}
