package dev.baton.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether an operator with nothing left to do is idle: its process's CPU time (user + system, from
 * /proc/&lt;pid&gt;/stat) over a quiet window. A thread that spins (a watch reconnecting without pause,
 * a reconcile requeued at once) shows as a share near a whole core; on failure a thread dump says which.
 */
final class OperatorIdleness {
    private static final long SETTLE_MS = 5_000;
    private static final long WINDOW_MS = 10_000;
    /** Clock ticks per second of /proc's CPU times: 100 on every Linux build we run on (CONFIG_HZ aside). */
    private static final double TICKS_PER_SECOND = 100.0;

    private OperatorIdleness() {
    }

    /** Waits for the last writes to settle, measures, and fails with a thread dump if the share is above {@code maxShare}. */
    static String assertIdle(OperatorProcess operator, double maxShare) throws IOException, InterruptedException {
        long pid = operator.pid();
        Thread.sleep(SETTLE_MS);
        double before = cpuSeconds(pid);
        Thread.sleep(WINDOW_MS);
        double share = (cpuSeconds(pid) - before) / (WINDOW_MS / 1000.0);
        String line = String.format("operator idle afterwards: %.1f%% of a core over %ds (limit %.0f%%)", share * 100,
                WINDOW_MS / 1000, maxShare * 100);
        if (share > maxShare) {
            throw new AssertionError(line + "\n" + threadDump(pid));
        }
        return line;
    }

    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name in parentheses (which may hold spaces): state is field 3,
        // utime field 14 and stime field 15.
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(rest[11]) + Long.parseLong(rest[12])) / TICKS_PER_SECOND;
    }

    private static String threadDump(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        return Commands.run(new ProcessBuilder(jcmd, Long.toString(pid), "Thread.print").redirectErrorStream(true), null,
                Duration.ofMinutes(1)).out();
    }
}
