package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line end to end, without a cluster: exit codes and one-line errors. */
class BatonCliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new BatonCli(Clock.systemUTC(), false, false).execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Path unreachable() throws IOException {
        return unreachable(dir);
    }

    /** A kubeconfig for a server on a closed local port: every request is refused at once. */
    static Path unreachable(Path dir) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: c, context: {cluster: c, user: u, namespace: team-a}}]
                current-context: c
                """);
    }

    @Test
    void aBadParamIsAUsageErrorOfOneLineBeforeAnyRequest() throws IOException {
        Run r = run("submit", "report", "-p", "date", "--kubeconfig", unreachable().toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("error: bad -p \"date\": expected name=value\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"get x", "list", "stop x", "logs x s", "backfill w --from 2026-01-01T00:00:00Z --to 2026-01-02T00:00:00Z"})
    void anUnreachableClusterIsOneLineNamingTheServer(String command) throws IOException {
        String[] args = (command + " --kubeconfig " + unreachable()).split(" ");
        Run r = run(args);
        assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).isEqualTo("Unable to connect to the server at https://127.0.0.1:1: connection refused\n");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("frobnicate").code()).isEqualTo(ExitCodes.USAGE);
        Run r = run("list", "--bogus");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("error: Unknown option: '--bogus'").endsWith("(see 'kubectl baton list --help')\n");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void everyCommandHasItsHelp() {
        Run r = run("submit", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: kubectl baton submit").contains("--wait", "--param-file", "--kubeconfig", "-n, --namespace");
        assertThat(run().code()).as("no command").isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aBadTimeForBackfillIsAUsageError() throws IOException {
        Run r = run("backfill", "w", "--from", "yesterday", "--to", "2026-01-01T00:00:00Z", "--kubeconfig", unreachable().toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("bad --from \"yesterday\"");
    }

    @Test
    void lintExitsNonZeroOnErrorsAndZeroOnValidFiles() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"),
                "apiVersion: baton.dev/v1alpha1\nkind: Workflow\nmetadata: {name: b}\nspec: {steps: [{name: a, dependsOn: [z], noop: {}}]}\n");
        Run r = run("lint", bad.toString(), "../examples/hello.yaml");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).contains(bad + ": workflow b: spec.steps[0].dependsOn[0]: unknown step \"z\"",
                "../examples/hello.yaml: workflow hello: valid");
        assertThat(run("lint", "-q", "../examples/hello.yaml")).isEqualTo(new Run(0, "", ""));
    }

    @Test
    void graphOfAnInvalidFileSaysWhyInOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"),
                "apiVersion: baton.dev/v1alpha1\nkind: Workflow\nmetadata: {name: b}\nspec: {steps: [{name: a, dependsOn: [z], noop: {}}]}\n");
        Run r = run("graph", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).isEqualTo("error: workflow b is invalid: spec.steps[0].dependsOn[0]: unknown step \"z\"\n");
        assertThat(run("graph", "../examples/hello.yaml").out()).startsWith("flowchart TD\n");
    }
}
