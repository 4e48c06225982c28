package dev.baton.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What protects the browser: a strict Content-Security-Policy (only this origin's script, style and
 * connections; no inline script, no eval, no frames) on every console answer, and for actions a CSRF token
 * sent both as a SameSite=Strict HttpOnly cookie and in a request header that only this page's script can
 * set (the double-submit pattern), plus an Origin check.
 */
final class ConsoleSecurity {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String CSRF_COOKIE = "baton-console-csrf";
    static final String CSRF_HEADER = "X-Baton-CSRF";
    private final SecureRandom random = new SecureRandom();

    static void headers(HttpServerResponse response) {
        response.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin");
    }

    /** A new token, set as the cookie and returned for the page to send back in the header. */
    String issue(RoutingContext rc) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        rc.response().addCookie(Cookie.cookie(CSRF_COOKIE, token).setPath("/console").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(rc.request().isSSL()));
        return token;
    }

    /** Refuses a state-changing request without the matching token, from another origin, or not JSON. */
    static void check(RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(CSRF_COOKIE);
        String header = rc.request().getHeader(CSRF_HEADER);
        if (cookie == null || header == null || !MessageDigest.isEqual(cookie.getValue().getBytes(), header.getBytes())) {
            throw ConsoleRefusal.forbidden("missing or wrong CSRF token: reload the console page and try again");
        }
        String origin = rc.request().getHeader("Origin");
        String host = rc.request().getHeader("Host");
        if (origin != null && host != null && !origin.replaceFirst("^https?://", "").equals(host)) {
            throw ConsoleRefusal.forbidden("request from another origin (" + origin + ") refused");
        }
        String type = rc.request().getHeader("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            throw ConsoleRefusal.badRequest("actions are sent as application/json");
        }
    }
}
