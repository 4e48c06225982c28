package dev.baton.engine.triggers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * Maestro's fuzzy delay: a fire waits a pseudo-random time below a bound, so a thousand workflows
 * scheduled at midnight do not all start in the same second. The delay is a hash of the trigger's
 * identity and the scheduled time, not a random draw: every operator, before and after a restart,
 * computes the same moment, so a fire never happens twice at two different times.
 */
public final class Jitter {
    private Jitter() {
    }

    /** The delay of the fire of {@code trigger} (namespace/workflow/trigger) scheduled at {@code scheduled}. */
    public static Duration delay(String trigger, Instant scheduled, Duration bound) {
        if (bound == null || bound.isZero() || bound.isNegative()) {
            return Duration.ZERO;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((trigger + "@" + scheduled).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (hash[i] & 0xff);
            }
            return Duration.ofMillis(Math.floorMod(bits, bound.toMillis()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
