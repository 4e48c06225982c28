package dev.baton.api;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * How deep the open values of a spec nest (params, loop bodies, pod templates: the fields the CRD leaves
 * schemaless). The API server stores values nested up to 10,000 levels; Jackson, Baton's JSON walks and
 * the hash of a spec recurse once per level, and past a few thousand levels a thread's stack runs out. So
 * a spec is measured first, here, without recursion (an explicit stack), and one nested deeper than
 * {@link #MAX_DEPTH} is refused with the path of its first too-deep value, before anything else reads it.
 * Only maps and lists count as levels (the spec's own, such as params, too): Baton's spec classes (walked through their public fields) nest
 * a bounded number of times.
 */
public final class Nesting {
    /** Deepest nesting of maps and lists a spec may hold. */
    public static final int MAX_DEPTH = 100;

    private Nesting() {
    }

    private record Item(Object value, String path, int depth) {
    }

    /** The path of the first value nested past {@link #MAX_DEPTH} levels under {@code root} (named {@code path}), or null. */
    public static String tooDeep(Object root, String path) {
        Deque<Item> stack = new ArrayDeque<>();
        stack.push(new Item(root, path, 0));
        while (!stack.isEmpty()) {
            Item item = stack.pop();
            Object v = item.value();
            if (v instanceof Map<?, ?> map) {
                if (item.depth() >= MAX_DEPTH) {
                    return item.path();
                }
                map.forEach((k, child) -> stack.push(new Item(child, item.path() + "." + k, item.depth() + 1)));
            } else if (v instanceof Collection<?> list) {
                if (item.depth() >= MAX_DEPTH) {
                    return item.path();
                }
                int i = 0;
                for (Object child : list) {
                    stack.push(new Item(child, item.path() + "[" + i++ + "]", item.depth() + 1));
                }
            } else if (v != null && v.getClass().getPackageName().equals(Nesting.class.getPackageName())) {
                for (Field f : v.getClass().getFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        stack.push(new Item(read(f, v), item.path() + "." + f.getName(), item.depth()));
                    }
                }
            }
        }
        return null;
    }

    private static Object read(Field f, Object owner) {
        try {
            return f.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("a public field of a spec class cannot be read: " + f, e);
        }
    }

    /** The refusal of a value nested too deep, naming its path. */
    public static String message(String path) {
        return path + ": " + PROBLEM;
    }

    /** What is wrong with such a value. */
    public static final String PROBLEM = "values are nested more than " + MAX_DEPTH + " levels deep; flatten them";
}
