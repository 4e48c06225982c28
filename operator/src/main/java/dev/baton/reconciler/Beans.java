package dev.baton.reconciler;

import dev.baton.engine.Expressions;
import dev.baton.engine.Planner;
import dev.baton.executor.StepImages;
import dev.baton.executor.StepPodFactory;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain-Java engine and executor classes into the Quarkus application. */
public class Beans {
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Expressions expressions() {
        return new Expressions();
    }

    @Produces
    @Singleton
    Planner planner(Expressions expressions) {
        return new Planner(expressions);
    }

    @Produces
    @Singleton
    StepPodFactory stepPodFactory(StepImages images) {
        return new StepPodFactory(images);
    }
}
