package dev.baton.executor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic names of created objects, so that creating one twice is harmless: {@code
 * <instance>-<step>-<attempt>}. Names longer than 63 characters keep a readable prefix, a hash of the
 * whole name and the attempt number at the end, as Tekton's kmeta.ChildName does.
 */
public final class ChildNames {
    static final int MAX = 63;

    private ChildNames() {
    }

    public static String attempt(String instance, String step, int attempt) {
        return fit(instance + "-" + step, "-" + attempt);
    }

    /** A loop iteration's child instance: {@code <instance>-<step>-<generation>-<index>}. */
    public static String iteration(String instance, String step, int generation, long index) {
        return fit(instance + "-" + step + "-" + generation, "-" + index);
    }

    /** A Signal a step emits: {@code <instance>-<step>-<generation>-signal-<index>}, once per run of the step. */
    public static String emitted(String instance, String step, int generation, int index) {
        return fit(instance + "-" + step + "-" + generation, "-signal-" + index);
    }

    /** An instance a time trigger starts: {@code <workflow>-<trigger>-<yyyymmdd>-<hhmmss>}, the scheduled time in UTC. */
    public static String fire(String workflow, String trigger, java.time.Instant scheduled) {
        String at = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC).format(scheduled);
        return fit(workflow + "-" + trigger, "-" + at);
    }

    /**
     * A time trigger's run asked for now, off its schedule ({@code kubectl baton trigger}):
     * {@code <workflow>-<trigger>-now-<yyyymmdd>-<hhmmss>}, never the name of a scheduled fire.
     */
    public static String fireNow(String workflow, String trigger, java.time.Instant at) {
        String when = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC).format(at);
        return fit(workflow + "-" + trigger, "-now-" + when);
    }

    /** An instance a signal trigger starts: {@code <workflow>-<trigger>-<set id>}. */
    public static String fire(String workflow, String trigger, String set) {
        return fit(workflow + "-" + trigger, "-" + set);
    }

    /**
     * The Permit object that records one holder's permit of a shared concurrency limit: {@code <limit>-<hash>}, the
     * hash of the holding instance's uid and the holder (a step's run, or the whole run), so one holder can
     * never hold two permits of one limit, and a re-created instance of the same name is another holder.
     */
    public static String permit(String limit, String instanceUid, String holder) {
        return limit + "-" + sha256(instanceUid + "/" + holder).substring(0, 12);
    }

    private static String fit(String base, String suffix) {
        if (base.length() + suffix.length() <= MAX) {
            return base + suffix;
        }
        String hash = "-" + sha256(base).substring(0, 10);
        String prefix = base.substring(0, MAX - hash.length() - suffix.length());
        while (prefix.endsWith("-") || prefix.endsWith(".")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + hash + suffix;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
