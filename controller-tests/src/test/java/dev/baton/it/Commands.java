package dev.baton.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command of the test harness (kubectl, kwokctl, build.sh, openssl, the CLI) to its end. Its output
 * goes through files, not pipes: kwokctl forks components that would hold an inherited pipe open for as
 * long as they live, and reading a pipe to its end before waiting would let no timeout fire. Here the
 * timeout always holds.
 */
final class Commands {
    /** How a command ended; err is empty when the builder merged it into out. */
    record Result(int exit, String out, String err) {
    }

    private Commands() {
    }

    /** Runs the command, feeding stdin when given, and fails when it does not end within the timeout. */
    static Result run(ProcessBuilder pb, String stdin, Duration timeout) {
        String command = String.join(" ", pb.command());
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("baton-cmd", ".out");
            err = Files.createTempFile("baton-cmd", ".err");
            pb.redirectOutput(out.toFile());
            if (!pb.redirectErrorStream()) {
                pb.redirectError(err.toFile());
            }
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not end in " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " was interrupted", e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** Runs the command with its error output merged and gives back the output; an exit other than 0 fails with it. */
    static String check(Duration timeout, String... command) {
        Result r = run(new ProcessBuilder(List.of(command)).redirectErrorStream(true), null, timeout);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exit() + "): " + r.out());
        }
        return r.out();
    }

    /**
     * A self-signed certificate for 127.0.0.1 (tls.crt, tls.key) in dir, made once: what the webhook servers of
     * third-party controllers running on this machine serve, as nothing calls them.
     */
    static void selfSignedCertificate(Path dir) {
        if (Files.exists(dir.resolve("tls.crt")) && Files.exists(dir.resolve("tls.key"))) {
            return;
        }
        check(Duration.ofMinutes(1), "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", dir.resolve("tls.key").toString(), "-out", dir.resolve("tls.crt").toString());
    }

    /** SIGTERM, and SIGKILL when the process has not ended 10 s later; returns once it has ended. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }
}
