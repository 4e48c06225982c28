package dev.baton.cli;

import dev.baton.engine.model.InstancePhase;

/**
 * The plugin's exit codes, documented in the README ("Day to day"): scripts and CI tell a run's outcome
 * apart from a usage mistake and from a failure to reach the cluster.
 */
public final class ExitCodes {
    /** The command did what it was asked; with --wait, the run Succeeded. */
    public static final int OK = 0;
    /** With --wait or --watch: the run Failed. lint: at least one workflow has errors. */
    public static final int FAILED = 1;
    /** The command line is wrong: an unknown option, a missing argument, a bad -p. */
    public static final int USAGE = 2;
    /** With --wait or --watch: the run was Stopped. */
    public static final int STOPPED = 3;
    /** With --wait or --watch: the run TimedOut. */
    public static final int TIMED_OUT = 4;
    /** The cluster refused or could not be reached: not found, forbidden, unreachable, invalid. */
    public static final int ERROR = 5;

    private ExitCodes() {
    }

    /** The exit code of a run that ended in this phase. */
    public static int of(InstancePhase phase) {
        return switch (phase) {
            case Succeeded -> OK;
            case Stopped -> STOPPED;
            case TimedOut -> TIMED_OUT;
            default -> FAILED;
        };
    }
}
