package dev.baton.engine;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One edit of a spec tree such as a user (or an attacker) makes to a valid workflow: a field dropped,
 * misspelt, duplicated or given a value of the wrong type or range, a step renamed or pointed at other
 * steps (itself, unknown ones, or so that the edges form a cycle), an expression replaced by random
 * text, a field added where it does not belong, a value wrapped or nested deeper than any parser allows.
 *
 * <p>{@code at} picks the place: the n-th value of the tree in a fixed walk, modulo the number of
 * values, so any place of a tree can be hit, whatever its size.
 */
record TreeMutation(Kind kind, int at, Object value, String text) {

    enum Kind { DROP, RENAME, DUPLICATE, WRONG_TYPE, NUMBER, STEP_NAME, DEPENDS_ON, EXPRESSION, INSERT, DEEP, WRAP }

    private static final List<Object> NUMBERS = List.of(0, -1, 2_147_483_648L, 4_294_967_296L, Long.MAX_VALUE,
            Long.MIN_VALUE, BigInteger.TWO.pow(64), BigInteger.TEN.pow(30).negate(), 0.5, 1e308, -0.0, Double.NaN,
            Double.POSITIVE_INFINITY, 10.0, 1_000_001, 100_001, 10_001, 201, new java.math.BigDecimal("1E+999999999"),
            new java.math.BigDecimal("12.50"));

    /** Any edit, each kind as likely, with values nested up to three levels. */
    static TreeMutation any(Random r) {
        return of(r, Gen.pick(r, Kind.values()), 3);
    }

    /** Random JSON, nested up to four levels, put in place of a value, added to an object, nested deep or wrapped. */
    static TreeMutation randomJson(Random r) {
        return of(r, Gen.pick(r, Kind.WRONG_TYPE, Kind.INSERT, Kind.DEEP, Kind.WRAP), 4);
    }

    /**
     * {@code at} is any of 0 to 1,000,000, and one time in twenty a number ending in 999, which nests a
     * {@link Kind#DEEP} value as deep as the parser lets through; the text is CEL, a string of {@link RandomJson}
     * or random text of up to 50 chars, each as likely.
     */
    private static TreeMutation of(Random r, Kind kind, int valueDepth) {
        int at = Gen.chance(r, 0.05) ? 1_000 * r.nextInt(1_000) + 999 : Gen.between(r, 0, 1_000_000);
        Object value = RandomJson.value(r, valueDepth);
        String text = switch (r.nextInt(3)) {
            case 0 -> RandomJson.cel(r);
            case 1 -> RandomJson.string(r);
            default -> Gen.string(r, 50);
        };
        return new TreeMutation(kind, at, value, text);
    }

    /** A mutable deep copy of the tree with {@code min} to {@code max} mutations of {@code mutation} applied in turn. */
    static Map<String, Object> mutate(Random r, Map<String, Object> tree, int min, int max,
                                      java.util.function.Function<Random, TreeMutation> mutation) {
        return applyAll(tree, Gen.list(r, min, max, mutation));
    }

    /** A mutable deep copy of the tree with each mutation applied in turn. */
    static Map<String, Object> applyAll(Map<String, Object> tree, List<TreeMutation> mutations) {
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) copy(tree);
        for (TreeMutation m : mutations) {
            m.apply(root);
        }
        return root;
    }

    /** A place in the tree: a key of an object or an index of a list. */
    private record Place(Object container, Object key, int depth) {
        Object get() {
            return container instanceof Map<?, ?> m ? m.get(key) : ((List<?>) container).get((Integer) key);
        }

        @SuppressWarnings("unchecked")
        void set(Object value) {
            if (container instanceof Map<?, ?> m) {
                ((Map<Object, Object>) m).put(key, value);
            } else {
                ((List<Object>) container).set((Integer) key, value);
            }
        }

        void remove() {
            if (container instanceof Map<?, ?> m) {
                m.remove(key);
            } else {
                ((List<?>) container).remove((int) (Integer) key);
            }
        }
    }

    @SuppressWarnings("unchecked")
    void apply(Map<String, Object> root) {
        List<Place> places = places(root);
        if (places.isEmpty()) {
            root.put(RandomJson.FIELD_NAMES.get(at % RandomJson.FIELD_NAMES.size()), copy(value));
            return;
        }
        Place place = places.get(at % places.size());
        switch (kind) {
            case DROP -> place.remove();
            case RENAME -> rename(place);
            case DUPLICATE -> {
                if (place.container() instanceof List<?> l) {
                    ((List<Object>) l).add((Integer) place.key(), copy(place.get()));
                } else {
                    ((Map<Object, Object>) place.container()).put(fieldName(at / 7), copy(place.get()));
                }
            }
            case WRONG_TYPE -> place.set(copy(value));
            case NUMBER -> pick(places, v -> v instanceof Number, place).set(NUMBERS.get(at % NUMBERS.size()));
            case STEP_NAME -> step(root, place).put("name", text);
            case DEPENDS_ON -> dependsOn(root, step(root, place));
            case EXPRESSION -> pick(places, v -> v instanceof String, place).set(at % 2 == 0 ? text : "${" + text + "}");
            case INSERT -> object(root, place).put(fieldName(at / 3), copy(value));
            case DEEP -> place.set(deep(RandomJson.PARSER_DEPTH - place.depth() - 4));
            case WRAP -> place.set(wrapped(copy(place.get()), at % 2 == 0 ? null : fieldName(at)));
        }
    }

    @SuppressWarnings("unchecked")
    private void rename(Place place) {
        if (place.container() instanceof Map<?, ?> m && place.key() instanceof String key) {
            String renamed = switch (at % 4) {
                case 0 -> key + "s";
                case 1 -> key.length() > 1 ? key.substring(1) : key + key;
                case 2 -> key.toUpperCase(java.util.Locale.ROOT);
                default -> fieldName(at / 4);
            };
            Object value = m.remove(key);
            ((Map<Object, Object>) m).put(renamed, value);
        } else if (place.container() instanceof List<?> l && l.size() > 1) {
            int i = (Integer) place.key();
            java.util.Collections.swap(l, i, i == 0 ? 1 : i - 1);
        }
    }

    /** Points a step at steps of the tree: others, itself, unknown ones; with conditions of random text. */
    private void dependsOn(Map<String, Object> root, Map<String, Object> step) {
        List<String> names = new ArrayList<>();
        walk(root, (container, key, value, depth) -> {
            if ("name".equals(key) && value instanceof String s) {
                names.add(s);
            }
        });
        List<Object> edges = new ArrayList<>();
        if (!names.isEmpty()) {
            edges.add(names.get(at % names.size()));
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("step", names.get((at / 7) % names.size()));
            edge.put("when", text);
            edges.add(edge);
        }
        if (at % 3 == 0 && step.get("name") != null) {
            edges.add(step.get("name"));
        }
        if (at % 5 == 0) {
            edges.add(text);
        }
        step.put("dependsOn", edges);
    }

    /** The step (an object with a name) nearest to the place, else the first object found, else the root. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> step(Map<String, Object> root, Place near) {
        List<Map<String, Object>> steps = new ArrayList<>();
        walk(root, (container, key, value, depth) -> {
            if (value instanceof Map<?, ?> m && m.containsKey("name")) {
                steps.add((Map<String, Object>) m);
            }
        });
        return steps.isEmpty() ? object(root, near) : steps.get(at % steps.size());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> root, Place near) {
        if (near.get() instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        return near.container() instanceof Map<?, ?> m ? (Map<String, Object>) m : root;
    }

    private Place pick(List<Place> places, java.util.function.Predicate<Object> wanted, Place fallback) {
        List<Place> matching = places.stream().filter(p -> wanted.test(p.get())).toList();
        return matching.isEmpty() ? fallback : matching.get(at % matching.size());
    }

    /**
     * The mutation's value nested in up to {@code room} lists and objects: the whole tree stays within
     * the nesting a JSON parser lets through, as every spec that reaches the compiler does.
     */
    private Object deep(int room) {
        Object v = copy(value);
        int depth = Math.min(room, 20 + at % RandomJson.PARSER_DEPTH);
        for (int i = 0; i < depth; i++) {
            v = wrapped(v, i % 2 == 0 ? null : fieldName(at));
        }
        return v;
    }

    /** The value in a list, or in an object under {@code key}; nulls included, as JSON has them. */
    private static Object wrapped(Object value, String key) {
        if (key == null) {
            List<Object> list = new ArrayList<>();
            list.add(value);
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    private static String fieldName(int i) {
        return RandomJson.FIELD_NAMES.get(Math.floorMod(i, RandomJson.FIELD_NAMES.size()));
    }

    private static List<Place> places(Map<String, Object> root) {
        List<Place> out = new ArrayList<>();
        walk(root, (container, key, value, depth) -> out.add(new Place(container, key, depth)));
        return out;
    }

    interface Visitor {
        /** A value, the object or list holding it, its key or index there, and its depth (1 for the root's fields). */
        void visit(Object container, Object key, Object value, int depth);
    }

    private record Node(Object value, int depth) {
    }

    /** Every value of the tree, without recursion: a mutated tree may be very deep. */
    static void walk(Object root, Visitor visitor) {
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(new Node(root, 0));
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            List<Object[]> children = new ArrayList<>();
            if (node.value() instanceof Map<?, ?> m) {
                m.forEach((k, v) -> children.add(new Object[]{m, k, v}));
            } else if (node.value() instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    children.add(new Object[]{l, i, l.get(i)});
                }
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                Object[] c = children.get(i);
                visitor.visit(c[0], c[1], c[2], node.depth() + 1);
                if (c[2] instanceof Map<?, ?> || c[2] instanceof List<?>) {
                    todo.push(new Node(c[2], node.depth() + 1));
                }
            }
        }
    }

    /** A mutable deep copy (generated trees are immutable, and mutations must not leak between trees). */
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }
}
