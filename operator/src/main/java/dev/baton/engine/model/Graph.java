package dev.baton.engine.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The step graph of a workflow: steps by name, incoming edges, a topological order and ancestors.
 * Built by the compiler only from steps whose names and edges are sound and acyclic; immutable.
 */
public final class Graph {
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final Map<String, List<Step.Edge>> incoming = new HashMap<>();
    private final List<String> order;
    private final List<Step> declared;

    private Graph(List<Step> list) {
        for (Step s : list) {
            steps.put(s.name(), s);
            incoming.put(s.name(), s.dependsOn());
        }
        order = topologicalOrder();
        declared = List.copyOf(list);
    }

    /** Builds the graph; the caller has checked that it has no cycle (see {@link #findCycle}). */
    public static Graph of(List<Step> steps) {
        return new Graph(steps);
    }

    public Step step(String name) {
        return steps.get(name);
    }

    public List<Step.Edge> incoming(String name) {
        return incoming.getOrDefault(name, List.of());
    }

    /** Step names such that every step comes after all of its dependencies; ties keep declaration order. */
    public List<String> order() {
        return order;
    }

    /** The steps in declaration order. */
    public List<Step> steps() {
        return declared;
    }

    public int size() {
        return steps.size();
    }

    /** Every step the given one transitively depends on. */
    public Set<String> ancestors(String name) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(name));
        while (!todo.isEmpty()) {
            for (Step.Edge d : incoming(todo.pop())) {
                if (steps.containsKey(d.step()) && seen.add(d.step())) {
                    todo.push(d.step());
                }
            }
        }
        return seen;
    }

    /** Every step that transitively depends on the given one, in topological order. */
    public List<String> descendants(String name) {
        return order().stream().filter(n -> ancestors(n).contains(name)).toList();
    }

    /** A cycle among the steps, as names with the first repeated at the end, if there is one. */
    public static Optional<List<String>> findCycle(Map<String, List<String>> edges) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> cycle = visit(start, edges, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String node, Map<String, List<String>> edges,
                                                Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return Optional.empty();
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        state.put(node, 1);
        path.add(node);
        for (String next : edges.getOrDefault(node, List.of())) {
            if (edges.containsKey(next)) {
                Optional<List<String>> cycle = visit(next, edges, state, path);
                if (cycle.isPresent()) {
                    return cycle;
                }
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return Optional.empty();
    }

    /** Kahn's algorithm that always takes the earliest-declared ready step, so the order is stable. */
    private List<String> topologicalOrder() {
        List<String> out = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < steps.size()) {
            String next = null;
            for (String name : steps.keySet()) {
                if (!placed.contains(name) && incoming(name).stream()
                        .allMatch(d -> placed.contains(d.step()) || !steps.containsKey(d.step()))) {
                    next = name;
                    break;
                }
            }
            if (next == null) {
                throw new IllegalStateException("cycle among steps " + steps.keySet());
            }
            placed.add(next);
            out.add(next);
        }
        return Collections.unmodifiableList(out);
    }
}
