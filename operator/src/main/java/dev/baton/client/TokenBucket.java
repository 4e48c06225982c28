package dev.baton.client;

import java.util.function.LongSupplier;

/**
 * client-go's QPS/burst limiter: up to {@code burst} requests pass at once, then {@code qps} per second.
 * A request that finds the bucket empty takes a token on credit and is told how long to wait, so waiting
 * callers are served in arrival order at the steady rate.
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;
    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long updatedAt;

    public TokenBucket(double qps, int burst, LongSupplier nanoTime) {
        if (qps <= 0 || burst < 1) {
            throw new IllegalArgumentException("qps must be > 0 and burst >= 1, got qps=" + qps + " burst=" + burst);
        }
        this.perNano = qps / NANOS_PER_SECOND;
        this.capacity = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.updatedAt = nanoTime.getAsLong();
    }

    /** Takes one token and returns how many nanoseconds the caller must wait before using it (0: go now). */
    public synchronized long take() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - updatedAt) * perNano);
        updatedAt = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }
}
