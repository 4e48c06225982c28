package dev.baton.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web console's settings (the chart's console values; BATON_CONSOLE_MODE and so on). */
@ConfigMapping(prefix = "baton.console")
public interface ConsoleSettings {
    /**
     * Who may see and do what. readOnly: anyone who reaches the port sees every namespace the operator watches,
     * and no action is offered. kubernetes: each request carries a Kubernetes bearer token; reads and actions are
     * allowed as that user's RBAC allows (TokenReview, SubjectAccessReview), and actions are done as that user.
     */
    enum Mode { readOnly, kubernetes }

    /** Off: /console answers 404 and no route is served. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("readOnly")
    Mode mode();

    /** How long a token's review and a user's access decisions are reused: 100 consoles polling ask once. */
    @WithDefault("30")
    int authCacheSeconds();

    /** Log streams followed at once (each holds one connection to the API server). */
    @WithDefault("16")
    int maxLogStreams();
}
