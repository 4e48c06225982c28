package dev.baton.console;

import dev.baton.api.StepStatus;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Expressions;
import dev.baton.engine.model.Definition;
import dev.baton.reconciler.CachedResources;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/** What the console's pages show, read from the operator's informer caches only. */
@ApplicationScoped
public class ConsoleView {
    /** Runs per workflow kept for its page's duration chart and "last runs". */
    static final int RUNS = 200;
    private final CachedResources cached;
    private final InstanceGraph graphs;

    public ConsoleView(CachedResources cached, Expressions expressions) {
        this.cached = cached;
        this.graphs = new InstanceGraph(expressions);
    }

    public boolean ready() {
        return cached.ready();
    }

    java.util.stream.Stream<WorkflowInstance> instancesStream() {
        return cached.instances();
    }

    /** The namespaces that hold Workflows or instances, of those the caller may see. */
    public List<String> namespaces(Predicate<String> visible) {
        TreeSet<String> out = new TreeSet<>();
        cached.workflows().forEach(w -> out.add(w.getMetadata().getNamespace()));
        cached.instances().forEach(i -> out.add(i.getMetadata().getNamespace()));
        out.removeIf(visible.negate());
        return List.copyOf(out);
    }

    public record WorkflowSummary(String namespace, String name, String description, String revision, boolean suspended,
                                  boolean valid, String invalidMessage, Object triggers, String nextRun,
                                  List<InstanceSummary> lastRuns) {
    }

    public List<WorkflowSummary> workflows(String namespace, Predicate<String> visible) {
        Map<String, List<WorkflowInstance>> runs = runsByWorkflow(namespace);
        return cached.workflows()
                .filter(w -> (namespace == null || namespace.equals(w.getMetadata().getNamespace())) && visible.test(w.getMetadata().getNamespace()))
                .sorted(Comparator.comparing((Workflow w) -> w.getMetadata().getNamespace()).thenComparing(w -> w.getMetadata().getName()))
                .map(w -> summary(w, runs.getOrDefault(key(w), List.of()), 5))
                .toList();
    }

    public record RunPoint(String name, String phase, String startTime, Double seconds) {
    }

    public record WorkflowDetail(WorkflowSummary workflow, Object spec, List<RunPoint> runs) {
    }

    public WorkflowDetail workflow(String namespace, String name) {
        Workflow w = cached.workflow(namespace, name)
                .orElseThrow(() -> ConsoleRefusal.notFound("workflow " + namespace + "/" + name + " not found"));
        List<WorkflowInstance> runs = runsByWorkflow(namespace).getOrDefault(key(w), List.of());
        List<RunPoint> points = new ArrayList<>();
        for (WorkflowInstance i : runs.subList(0, Math.min(RUNS, runs.size()))) {
            var s = i.getStatus();
            Double seconds = s == null || s.startTime == null ? null
                    : Duration.between(Instant.parse(s.startTime), s.completionTime == null ? Instant.now() : Instant.parse(s.completionTime)).toMillis() / 1000.0;
            points.add(new RunPoint(i.getMetadata().getName(), InstanceSummary.phase(i),
                    s == null ? null : s.startTime, seconds));
        }
        return new WorkflowDetail(summary(w, runs, 10), w.getSpec(), points);
    }

    private WorkflowSummary summary(Workflow w, List<WorkflowInstance> runs, int last) {
        var st = w.getStatus();
        var invalid = st == null || st.conditions == null ? null
                : st.conditions.stream().filter(c -> "Valid".equals(c.getType()) && "False".equals(c.getStatus())).findFirst().orElse(null);
        var spec = w.getSpec();
        return new WorkflowSummary(w.getMetadata().getNamespace(), w.getMetadata().getName(), spec == null ? null : spec.description,
                st == null ? null : st.revision, spec != null && Boolean.TRUE.equals(spec.suspend), invalid == null,
                invalid == null ? null : invalid.getMessage(), st == null ? null : st.triggers, st == null ? null : st.nextRun,
                runs.stream().limit(last).map(InstanceSummary::of).toList());
    }

    /** Top-level instances by "namespace/workflow", newest first. */
    private Map<String, List<WorkflowInstance>> runsByWorkflow(String namespace) {
        Map<String, List<WorkflowInstance>> out = new LinkedHashMap<>();
        cached.instances().filter(i -> !CachedResources.isChild(i) && (namespace == null || namespace.equals(i.getMetadata().getNamespace())))
                .forEach(i -> out.computeIfAbsent(i.getMetadata().getNamespace() + "/" + CachedResources.workflowOf(i), k -> new ArrayList<>()).add(i));
        Comparator<WorkflowInstance> newest = Comparator.comparing((WorkflowInstance i) -> String.valueOf(i.getMetadata().getCreationTimestamp()))
                .reversed().thenComparing(i -> i.getMetadata().getName());
        out.values().forEach(l -> l.sort(newest));
        return out;
    }

    private static String key(Workflow w) {
        return w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
    }

    /** A child of the instance (subworkflow run of a step), for the graph to open in place. */
    public record Child(String step, String instance) {
    }

    public record InstanceDetail(InstanceSummary summary, Map<String, Object> params, String message, Object conditions,
                                 Map<String, Long> leaves, List<StepStatus> steps, Object actions, String stop, Object restart,
                                 InstanceGraph.View graph, String graphMissing, List<Child> children, String root) {
    }

    public InstanceDetail instance(String namespace, String name) {
        WorkflowInstance i = find(namespace, name);
        var s = i.getStatus();
        Definition definition = cached.definition(i);
        InstanceGraph.View graph = definition == null || s == null ? null : graphs.of(i, definition);
        String missing = graph != null ? null : s == null || s.revision == null && (i.getSpec() == null || i.getSpec().body == null)
                ? "the operator has not started this instance yet" : "the revision this instance runs is gone or invalid";
        List<Child> children = new ArrayList<>();
        if (s != null && s.steps != null) {
            List<WorkflowInstance> tree = null;
            for (StepStatus st : s.steps) {
                if (definition != null && definition.step(st.name) != null
                        && definition.step(st.name).kind() == dev.baton.engine.model.StepKind.subworkflow) {
                    tree = tree == null ? cached.tree(i) : tree;
                    var child = IterationPage.children(i, st.name, tree).get(0L);
                    if (child != null) {
                        children.add(new Child(st.name, child.getMetadata().getName()));
                    }
                }
            }
        }
        var labels = i.getMetadata().getLabels();
        return new InstanceDetail(InstanceSummary.of(i), s == null ? null : s.params, s == null ? null : s.message,
                s == null ? null : s.conditions, s == null ? null : s.leaves, s == null ? List.of() : s.steps,
                s == null ? null : s.actions, i.getSpec() == null ? null : i.getSpec().stop, i.getSpec() == null ? null : i.getSpec().restart,
                graph, missing, children, labels == null ? null : labels.get(dev.baton.executor.Labels.ROOT));
    }

    public IterationPage.Page iterations(String namespace, String name, String step, long offset, int limit) {
        WorkflowInstance i = find(namespace, name);
        StepStatus st = step(i, step);
        return IterationPage.of(i, st, cached.tree(i), offset, limit);
    }

    public WorkflowInstance find(String namespace, String name) {
        return cached.instance(namespace, name)
                .orElseThrow(() -> ConsoleRefusal.notFound("workflowinstance " + namespace + "/" + name + " not found (deleted, or not watched by this operator)"));
    }

    static StepStatus step(WorkflowInstance i, String step) {
        var s = i.getStatus();
        return (s == null || s.steps == null ? List.<StepStatus>of() : s.steps).stream().filter(st -> step.equals(st.name)).findFirst()
                .orElseThrow(() -> ConsoleRefusal.notFound("workflowinstance " + i.getMetadata().getName() + " has no step \"" + step + "\""));
    }
}
