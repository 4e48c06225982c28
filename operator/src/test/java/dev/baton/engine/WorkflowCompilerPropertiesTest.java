package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.Step;
import dev.baton.executor.StepPodChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Whatever tree a user writes, compiling it gives a verdict: a definition and no error, or at least one
 * error naming a field under {@code spec} (or {@code metadata}); it never throws, never overflows the
 * stack, never hangs. Trees come from valid workflows of every kind, then mutated as a user would
 * (fields dropped, misspelt, duplicated, of the wrong type or range, steps renamed or pointed at one
 * another in cycles, expressions replaced by random text, loops nested, pod templates changed), or with
 * random JSON (huge integers, fractions, non-finite numbers, nulls, nesting up to the JSON parser's
 * limit) put at random places; and as wholly random objects.
 *
 * <p>5,000 trees per run of the suite (6,000 compilations), in a few seconds, each property trying the same
 * trees every run ({@link Property}: a fixed base seed, {@code -Dbaton.seed=random} to explore others). A
 * failure prints the seed of its tree, the tree (not shrunk) and the command that replays it,
 * {@code -Dtest='WorkflowCompilerPropertiesTest#aMutatedWorkflowGetsAVerdict' -Dbaton.seed=N -Dbaton.tries=1};
 * or pin it in the property, {@code .seed(NL).tries(1)}, and take that out again once fixed.
 */
class WorkflowCompilerPropertiesTest {
    private static final WorkflowCompiler COMPILER = new WorkflowCompiler(new Expressions(), new StepPodChecks());
    /** Compiles on a worker of the default stack size, as the reconciler's threads have, so a hang is caught too. */
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "compile-under-test");
        t.setDaemon(true);
        return t;
    });
    private static final long LIMIT_SECONDS = 20;

    @Test
    void aMutatedWorkflowGetsAVerdict() {
        Property.forAll(WorkflowCompilerPropertiesTest::mutatedWorkflow).tries(1_500).check(spec -> verdict(spec));
    }

    @Test
    void randomJsonAnywhereInAWorkflowGetsAVerdict() {
        Property.forAll(WorkflowCompilerPropertiesTest::workflowWithRandomJson).tries(1_500).check(spec -> verdict(spec));
    }

    @Test
    void aRandomObjectGetsAVerdict() {
        Property.forAll(WorkflowCompilerPropertiesTest::randomObject).tries(500).check(spec -> verdict(spec));
    }

    @Test
    void everyGeneratedWorkflowIsValid() {
        Property.forAll(RandomWorkflows::broad).tries(500).check(spec -> {
            WorkflowCompiler.Compilation c = verdict(spec);
            assertThat(c.errors()).as("the generator makes valid workflows").isEmpty();
        });
    }

    @Test
    void compilingTwiceGivesTheSameVerdict() {
        Property.forAll(WorkflowCompilerPropertiesTest::mutatedWorkflow).tries(1_000).check(spec -> {
            WorkflowCompiler.Compilation first = verdict(spec);
            WorkflowCompiler.Compilation second = verdict(spec);
            assertThat(second.errors()).isEqualTo(first.errors());
            assertThat(second.valid()).isEqualTo(first.valid());
            if (first.valid()) {
                assertThat(orders(second.definition().steps())).isEqualTo(orders(first.definition().steps()));
            }
        });
    }

    /** A broad workflow with one to five mutations of any kind. */
    static Map<String, Object> mutatedWorkflow(Random r) {
        return TreeMutation.mutate(r, RandomWorkflows.broad(r), 1, 5, TreeMutation::any);
    }

    /** A broad workflow with random JSON put in one to three places. */
    static Map<String, Object> workflowWithRandomJson(Random r) {
        return TreeMutation.mutate(r, RandomWorkflows.broad(r), 1, 3, TreeMutation::randomJson);
    }

    /** An object of up to four fields (keys mostly field names), values nested up to four levels. */
    static Map<String, Object> randomObject(Random r) {
        return RandomJson.object(r, 4);
    }

    /** Compiles, failing the property unless the outcome is a definition or field-named errors, never both. */
    static WorkflowCompiler.Compilation verdict(Map<String, Object> spec) {
        Future<WorkflowCompiler.Compilation> compiling = WORKER.submit(() -> COMPILER.compile(spec));
        WorkflowCompiler.Compilation c;
        try {
            c = compiling.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("compiling threw " + e.getCause() + " for " + SpecPreview.of(spec), e.getCause());
        } catch (TimeoutException e) {
            compiling.cancel(true);
            throw new AssertionError("compiling took more than " + LIMIT_SECONDS + " s for " + SpecPreview.of(spec));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(c).isNotNull();
        if (c.valid()) {
            assertThat(c.errors()).as("a valid compilation has no error").isEmpty();
        } else {
            assertThat(c.errors()).as("an invalid compilation names at least one error").isNotEmpty();
        }
        for (FieldError e : c.errors()) {
            // (?s): a field's path quotes the user's keys as written, line breaks (\n, \r, U+0085, U+2028) included.
            assertThat(e.field()).as("the field of " + e).matches("(?s)^(spec|metadata)([.\\[].*)?$");
            assertThat(e.message()).as("the message of " + e).isNotBlank();
        }
        return c;
    }

    /** The topological order of a graph and of every loop body in it, by path. */
    private static List<String> orders(Graph graph) {
        List<String> out = new ArrayList<>();
        orders(graph, "", out);
        return out;
    }

    private static void orders(Graph graph, String path, List<String> out) {
        out.add(path + graph.order());
        for (Step step : graph.steps()) {
            if (step.body() != null) {
                orders(step.body(), path + step.name() + "/", out);
            }
        }
    }
}
