package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong();

    @Test
    void burstPassesAtOnceThenRequestsWaitAtTheSteadyRate() {
        TokenBucket bucket = new TokenBucket(10, 3, now::get);
        assertThat(bucket.take()).isZero();
        assertThat(bucket.take()).isZero();
        assertThat(bucket.take()).isZero();
        // Empty: the 4th waits one interval (100 ms at 10/s), the 5th two, in arrival order.
        assertThat(bucket.take()).isEqualTo(100 * MS);
        assertThat(bucket.take()).isEqualTo(200 * MS);
    }

    @Test
    void tokensRefillWithTimeUpToTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, now::get);
        bucket.take();
        bucket.take();
        now.addAndGet(150 * MS); // 1.5 tokens back
        assertThat(bucket.take()).isZero();
        assertThat(bucket.take()).isEqualTo(50 * MS);
        now.addAndGet(10_000 * MS); // idle for long: refills to the burst, not beyond
        assertThat(bucket.take()).isZero();
        assertThat(bucket.take()).isZero();
        assertThat(bucket.take()).isPositive();
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).hasMessageContaining("qps must be > 0");
        assertThatThrownBy(() -> new TokenBucket(5, 0, now::get)).hasMessageContaining("burst >= 1");
    }
}
