package dev.baton.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Checks workflow files offline with the operator's own compiler: every error with its field; exit 1 on any. */
@Command(name = "lint", description = {"Check workflow files offline, with the operator's own checks: every error with its field.",
        "Exit code 0 when every Workflow is valid, 1 otherwise: usable in CI before kubectl apply. '-' reads stdin."})
final class LintCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<String> files;

    @Option(names = {"-q", "--quiet"}, description = "Print only the errors.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        WorkflowFiles reader = new WorkflowFiles();
        Linter.Report report = new Linter().lint(files.stream().map(reader::read).toList());
        var out = spec.commandLine().getOut();
        for (String line : report.lines()) {
            if (!quiet || !(line.endsWith(": valid") || line.endsWith("workflow(s) valid") || line.endsWith("no Workflow in this file"))) {
                out.println(line);
            }
        }
        return report.errors() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
