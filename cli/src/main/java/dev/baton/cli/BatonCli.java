package dev.baton.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubectl baton}: Baton's kubectl plugin. Each subcommand is a small class; this one wires them,
 * holds what they share (the clock, whether to colour), and turns every failure into one line on stderr
 * and an exit code (see {@link ExitCodes}), never a stack trace.
 */
@Command(name = "kubectl baton", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "kubectl-baton 0.1.0",
        description = "Work with Baton's workflows and their runs.",
        subcommands = {SubmitCommand.class, ListCommand.class, GetCommand.class, WatchCommand.class, LogsCommand.class,
                InstanceActions.Stop.class, InstanceActions.Kill.class, InstanceActions.Suspend.class, InstanceActions.Resume.class,
                InstanceActions.Restart.class, StepActions.Skip.class, StepActions.Bypass.class, StepActions.Retry.class,
                StepActions.Break.class, WorkflowActions.StopAll.class, WorkflowActions.Release.class, SignalCommand.class, TriggerCommand.class, BackfillCommand.class, LintCommand.class, GraphCommand.class,
                CommandLine.HelpCommand.class})
public final class BatonCli implements Runnable {
    private final Clock clock;
    private final boolean colours;
    private final boolean terminal;

    /**
     * @param colours  whether stdout takes ANSI colours (a terminal that has them)
     * @param terminal whether stdout is a terminal at all: watch then redraws in place
     */
    public BatonCli(Clock clock, boolean colours, boolean terminal) {
        this.clock = clock;
        this.colours = colours;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        // The client logs through SLF4J, which has no binding here: without this it warns about that on stderr.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        boolean terminal = System.console() != null;
        BatonCli cli = new BatonCli(Clock.systemUTC(), CommandLine.Help.Ansi.AUTO.enabled(), terminal);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = cli.execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(this);
        cl.setOut(out);
        cl.setErr(err);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(colours ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see '" + command + " --help')");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            String server = e instanceof ClusterCommand.ClusterFailure f ? f.server : null;
            Throwable cause = e instanceof ClusterCommand.ClusterFailure ? e.getCause() : e;
            ErrorMessages.Report report = ErrorMessages.describe(cause, server);
            commandLine.getErr().println(report.line());
            return report.exitCode();
        });
        return cl.execute(args);
    }

    public Clock clock() {
        return clock;
    }

    public Style style() {
        return new Style(colours);
    }

    public boolean terminal() {
        return terminal;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No command: the usage, on stderr, and the usage exit code. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a command");
    }
}
