package dev.baton.engine.model;

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

    /**
     * The policy with Maestro's defaults for what is not given.
     *
     * @param max longest wait for every class, or null for 10 minutes after user errors and an hour otherwise
     */
    public static RetryPolicy of(Integer errors, Integer platform, Integer timeouts, boolean fixed, Duration base,
                                 Double factor, Duration max) {
        return new RetryPolicy(errors == null ? 2 : errors, platform == null ? 10 : platform,
                timeouts == null ? 0 : timeouts, fixed, base == null ? Duration.ofSeconds(60) : base,
                factor == null ? 2.0 : factor, max == null ? Duration.ofMinutes(10) : max,
                max == null ? Duration.ofHours(1) : max);
    }

    /**
     * The wait before the next attempt after attempts that ended as given (oldest first), or empty when
     * the last failure's class has used up its retries.
     */
    public Optional<Duration> nextDelay(List<AttemptOutcome> outcomes) {
        AttemptOutcome cls = outcomes.get(outcomes.size() - 1);
        long failuresOfClass = outcomes.stream().filter(o -> o == cls).count();
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
