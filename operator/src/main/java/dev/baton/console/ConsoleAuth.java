package dev.baton.console;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.baton.client.UserClient;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The console's two security modes. readOnly: every read is allowed to anyone who reaches the port and every
 * action is refused. kubernetes: the request's bearer token is reviewed by the API server (TokenReview), each
 * read and action is checked for that user and namespace (SubjectAccessReview), and actions run as that user
 * (impersonation), so the cluster's RBAC is the one source of truth. Answers are reused for a few seconds, so
 * a hundred open consoles ask the API server about as often as one.
 */
@ApplicationScoped
public class ConsoleAuth {
    static final Duration REFUSED_SECONDS = Duration.ofSeconds(3);
    private final ConsoleSettings settings;
    private final KubernetesClient client;
    /** Sends a user's own requests, as that user: not fenced by the leader Lease (see KubernetesClientProducer.userClient). */
    private final KubernetesClient users;
    private final Cache<String, Caller> reviewed;
    /** Access allowed, reused for authCacheSeconds. */
    private final Cache<String, Boolean> allowed;
    /**
     * Access refused, reused for a few seconds only: a RoleBinding created a moment ago may not have reached the
     * API server's authorizer yet, and a refusal kept long would hide what the user may now see.
     */
    private final Cache<String, Boolean> refused;

    public ConsoleAuth(ConsoleSettings settings, KubernetesClient client, UserClient users) {
        this.settings = settings;
        this.client = client;
        this.users = users == null ? null : users.client();
        Duration ttl = Duration.ofSeconds(settings.authCacheSeconds());
        this.reviewed = CacheBuilder.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
        this.allowed = CacheBuilder.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
        this.refused = CacheBuilder.newBuilder().expireAfterWrite(REFUSED_SECONDS).maximumSize(100_000).build();
    }

    public ConsoleSettings.Mode mode() {
        return settings.mode();
    }

    /** The caller of a request with this Authorization header; refused (401) in kubernetes mode without a valid token. */
    public Caller authenticate(String authorization) {
        if (settings.mode() == ConsoleSettings.Mode.readOnly) {
            return Caller.ANONYMOUS;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            throw new ConsoleRefusal(401, "this console runs in kubernetes mode: sign in with a Kubernetes bearer token");
        }
        String token = authorization.substring(7).trim();
        try {
            return reviewed.get(sha256(token), () -> review(token));
        } catch (ExecutionException | com.google.common.util.concurrent.UncheckedExecutionException e) {
            if (e.getCause() instanceof ConsoleRefusal r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Caller review(String token) {
        TokenReview review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                .withNewSpec().withToken(token).endSpec().build());
        var status = review.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
            String why = status == null || status.getError() == null ? "the API server does not know this token" : status.getError();
            throw new ConsoleRefusal(401, "token refused: " + why);
        }
        var user = status.getUser();
        return new Caller(user.getUsername(), user.getUid(), user.getGroups() == null ? List.of() : List.copyOf(user.getGroups()),
                user.getExtra() == null ? Map.of() : Map.copyOf(user.getExtra()));
    }

    /**
     * Whether the caller may do {@code verb} on {@code resource} (with {@code subresource}, may be null) in the
     * namespace. readOnly: reads (get, list, watch) yes, anything else no.
     */
    public boolean allowed(Caller caller, String namespace, String verb, String group, String resource, String subresource) {
        if (settings.mode() == ConsoleSettings.Mode.readOnly) {
            return verb.equals("get") || verb.equals("list") || verb.equals("watch");
        }
        String key = String.join("\u0000", caller.user(), String.join(",", caller.groups()), namespace, verb, group, resource,
                subresource == null ? "" : subresource);
        if (allowed.getIfPresent(key) != null) {
            return true;
        }
        if (refused.getIfPresent(key) != null) {
            return false;
        }
        boolean yes = review(caller, namespace, verb, group, resource, subresource);
        (yes ? allowed : refused).put(key, true);
        return yes;
    }

    /** Refuses (403) what the caller may not do, naming the user, the verb and the namespace. */
    public void require(Caller caller, String namespace, String verb, String group, String resource, String subresource) {
        if (allowed(caller, namespace, verb, group, resource, subresource)) {
            return;
        }
        if (settings.mode() == ConsoleSettings.Mode.readOnly) {
            throw ConsoleRefusal.forbidden("this console is read-only (console.mode: readOnly): actions are refused");
        }
        String what = resource + (subresource == null ? "" : "/" + subresource) + (group.isEmpty() ? "" : "." + group);
        throw ConsoleRefusal.forbidden("user \"" + caller.user() + "\" may not " + verb + " " + what + " in namespace \"" + namespace + "\"");
    }

    private boolean review(Caller caller, String namespace, String verb, String group, String resource, String subresource) {
        SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec().withUser(caller.user()).withUid(caller.uid()).withGroups(caller.groups()).withExtra(caller.extra())
                .withNewResourceAttributes().withNamespace(namespace).withVerb(verb).withGroup(group).withResource(resource)
                .withSubresource(subresource).endResourceAttributes().endSpec().build());
        return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    }

    /** The client that acts for the caller: the operator's own in readOnly mode, one that impersonates the user otherwise. */
    public KubernetesClient clientFor(Caller caller) {
        if (caller.anonymous()) {
            return client;
        }
        // User and groups only: impersonating extras needs a grant per key (userextras/<key>), and RBAC rules
        // name users and groups. The access checks (SubjectAccessReview) do see the extras.
        RequestConfig config = new RequestConfigBuilder().withImpersonateUsername(caller.user())
                .withImpersonateGroups(caller.groups().toArray(String[]::new)).build();
        return users.newClient(config).adapt(KubernetesClient.class);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
