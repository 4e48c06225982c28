package dev.baton.engine.triggers;

import java.time.Duration;

/**
 * What a time trigger does about the fires it missed (the operator was down, the workflow suspended):
 * {@code None} fires only what is on time (within {@code startingDeadline}, by default a minute), {@code
 * Latest} (the default) the most recent missed fire within {@code startingDeadline} (by default one
 * period), {@code All} every missed fire within {@code startingDeadline} (by default no limit), at most
 * the latest {@code maxRuns} (default 10).
 *
 * @param startingDeadline how late a fire may still start, or null for the policy's default
 */
public record CatchUp(Policy policy, Duration startingDeadline, int maxRuns) {
    public static final CatchUp DEFAULT = new CatchUp(Policy.Latest, null, 1);
    public static final int DEFAULT_MAX_RUNS = 10;
    public static final int MAX_RUNS = 1_000;
    /** How late a fire still counts as on time under {@code None}. */
    public static final Duration ON_TIME = Duration.ofMinutes(1);

    public enum Policy { None, Latest, All }

    /** How many of the missed fires may start. */
    int limit() {
        return policy == Policy.All ? maxRuns : 1;
    }
}
