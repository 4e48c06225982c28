package dev.baton.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Python runner that ships inside the operator (a resource next to this class) and becomes a step
 * container's command: the step image needs only python3 and the runner's libraries, and an operator
 * upgrade never meets an older runner baked into an image.
 */
final class RunnerScript {
    private final List<String> command;

    private RunnerScript(String source) {
        this.command = List.of("python3", "-c", source);
    }

    /** Loads the runner named so; a build that lacks it fails the operator's start, not a step. */
    static RunnerScript load(String name) {
        try (InputStream in = RunnerScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the operator's build lacks " + name);
            }
            return new RunnerScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container command that runs it. */
    List<String> command() {
        return command;
    }
}
