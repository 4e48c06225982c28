package dev.baton.engine;

import java.util.Map;

/** A while step's progress: the iteration running now and its loop params. Constant size. */
public record WhileState(long iteration, Map<String, Object> params) {
}
