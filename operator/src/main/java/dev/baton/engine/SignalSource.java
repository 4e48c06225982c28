package dev.baton.engine;

import java.util.List;

/**
 * The signals of the instance's namespace, by spec.name, as the operator's cache holds them. Asked only
 * for the names a waiting step lists, so a namespace's other signals cost a reconcile nothing.
 */
@FunctionalInterface
public interface SignalSource {
    SignalSource NONE = name -> List.of();

    List<ArrivedSignal> named(String name);
}
