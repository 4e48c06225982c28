package dev.baton.engine;

import dev.baton.api.AttemptOutcome;
import dev.baton.api.BackoffSpec;
import dev.baton.api.RetrySpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Maestro's retry rules: each failure class has its own limit and backoff. Defaults: 2 retries after
 * user errors, 10 after platform errors, none after timeouts; exponential backoff from 60s by a factor 2,
 * capped at 10 minutes for user errors and an hour for the others.
 */
public record RetryPolicy(int errors, int platform, int timeouts, boolean fixed, Duration base, double factor,
                          Duration userMax, Duration otherMax) {

    public static RetryPolicy of(RetrySpec step, RetrySpec defaults) {
        RetrySpec s = step == null ? new RetrySpec() : step;
        RetrySpec d = defaults == null ? new RetrySpec() : defaults;
        BackoffSpec b = s.backoff != null ? s.backoff : d.backoff != null ? d.backoff : new BackoffSpec();
        Duration max = b.max == null ? null : Durations.parse(b.max);
        return new RetryPolicy(
                first(s.errors, d.errors, 2), first(s.platform, d.platform, 10), first(s.timeouts, d.timeouts, 0),
                b.type == BackoffSpec.BackoffType.Fixed,
                b.base == null ? Duration.ofSeconds(60) : Durations.parse(b.base),
                b.factor == null ? 2.0 : b.factor,
                max == null ? Duration.ofMinutes(10) : max,
                max == null ? Duration.ofHours(1) : max);
    }

    /**
     * The wait before the next attempt after the given attempts, or empty when the last failure's class
     * has used up its retries.
     */
    public Optional<Duration> nextDelay(List<Attempt> attempts) {
        Attempt last = attempts.get(attempts.size() - 1);
        AttemptOutcome cls = last.outcome();
        long failuresOfClass = attempts.stream().filter(a -> a.outcome() == cls).count();
        if (failuresOfClass > limitFor(cls)) {
            return Optional.empty();
        }
        Duration cap = cls == AttemptOutcome.UserError ? userMax : otherMax;
        return Optional.of(delay((int) failuresOfClass, cap));
    }

    /** The wait before retry number n (1-based) of one class. */
    Duration delay(int n, Duration cap) {
        if (fixed) {
            return base;
        }
        double millis = base.toMillis() * Math.pow(factor, n - 1);
        return millis >= cap.toMillis() ? cap : Duration.ofMillis((long) millis);
    }

    public int limitFor(AttemptOutcome cls) {
        return switch (cls) {
            case UserError -> errors;
            case PlatformError -> platform;
            case Timeout -> timeouts;
            default -> 0;
        };
    }

    private static int first(Integer a, Integer b, int fallback) {
        return a != null ? a : b != null ? b : fallback;
    }
}
