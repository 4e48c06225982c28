package dev.baton.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The kinds of object the operator may create for resource steps, as configured ({@link ResourceKindSettings}):
 * what the workflow compiler checks manifests against, and what the instance controller watches.
 */
public record ManagedKinds(List<Kind> kinds) {
    public static final ManagedKinds NONE = new ManagedKinds(List.of());
    private static final Pattern GROUP = Pattern.compile("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$");
    private static final Pattern VERSION = Pattern.compile("^v[0-9]+((alpha|beta)[0-9]+)?$");
    private static final Pattern KIND = Pattern.compile("^[A-Z][A-Za-z0-9]*$");
    private static final Pattern PLURAL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    /** One kind: its API group ("" for the core group), version, kind and the plural its REST path uses. */
    public record Kind(String group, String version, String kind, String plural) {
        public String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        /** The REST path of an object of this kind in a namespace. */
        public String path(String namespace, String name) {
            return (group.isEmpty() ? "/api/" : "/apis/" + group + "/") + version + "/namespaces/" + namespace + "/"
                    + plural + "/" + name;
        }

        @Override
        public String toString() {
            return kind + " (" + apiVersion() + ")";
        }
    }

    public ManagedKinds {
        kinds = List.copyOf(kinds);
    }

    /** The configured kinds; an entry that is not {@code group/version/Kind/plural} stops the operator at start, naming it. */
    public static ManagedKinds of(ResourceKindSettings settings) {
        return parse(settings.kinds().orElse(List.of()));
    }

    static ManagedKinds parse(List<String> entries) {
        List<Kind> out = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String[] p = e.split("/", -1);
            if (p.length != 4 || !GROUP.matcher(p[0]).matches() || !VERSION.matcher(p[1]).matches()
                    || !KIND.matcher(p[2]).matches() || !PLURAL.matcher(p[3]).matches()) {
                throw new IllegalArgumentException("baton.resource.kinds (BATON_RESOURCE_KINDS): \"" + e + "\" is not"
                        + " group/version/Kind/plural, such as jobset.x-k8s.io/v1alpha2/JobSet/jobsets (core group: /v1/ConfigMap/configmaps)");
            }
            out.add(new Kind(p[0], p[1], p[2], p[3]));
        }
        return new ManagedKinds(out);
    }

    /** The kind of this apiVersion and kind, if the operator manages it. */
    public Optional<Kind> find(String apiVersion, String kind) {
        return kinds.stream().filter(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind)).findFirst();
    }

    /** The managed kind named by an object's apiVersion and kind, or null. */
    public Kind of(String apiVersion, String kind) {
        return find(apiVersion, kind).orElse(null);
    }

    @Override
    public String toString() {
        return kinds.isEmpty() ? "none" : String.join(", ", kinds.stream().map(Kind::toString).toList());
    }
}
