package dev.baton.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's files, bundled into the operator's jar by the build (operator/src/main/console-ui, esbuild): no
 * CDN, so the console works air-gapped. Only the names the bundle has are served, from memory after the first read.
 */
final class ConsoleAssets {
    record Asset(byte[] bytes, String type) {
    }

    static final Map<String, String> TYPES = Map.of("index.html", "text/html; charset=utf-8", "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8", "favicon.svg", "image/svg+xml");
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    /** The asset of this name, or null when there is none (or the bundle was not built into this jar). */
    Asset get(String name) {
        String type = TYPES.get(name);
        if (type == null) {
            return null;
        }
        return loaded.computeIfAbsent(name, n -> {
            try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console-ui/" + n)) {
                return in == null ? null : new Asset(in.readAllBytes(), type);
            } catch (IOException e) {
                return null;
            }
        });
    }
}
