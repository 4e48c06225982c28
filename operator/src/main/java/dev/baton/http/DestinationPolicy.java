package dev.baton.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the operator may send HTTP requests (http steps, notifications): the operator's allow-list
 * (Helm value {@code http.allow}), checked against the URL's host name and against every address it
 * resolves to, so a name cannot lead past the list to an address it does not allow.
 *
 * <p>Some destinations are sensitive whatever the list says: cloud metadata services (they hand out
 * the node's credentials), link-local and loopback addresses (the operator's own pod), and the
 * Kubernetes API server (the operator's own identity). They pass only through a rule that names them
 * explicitly: their exact host name, or an address range no wider than the sensitive range itself. A
 * wildcard ({@code *}, {@code *.example.com}) or a wide range never opens them.
 *
 * <p>Rules: {@code *}, a host name ({@code api.example.com}), a domain wildcard ({@code *.example.com}),
 * an address or CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}); each may end in {@code :port} (an
 * IPv6 rule then in brackets: {@code [fd00::1]:443}). Without a port a rule allows every port.
 */
public final class DestinationPolicy {
    /** Host names of cloud metadata services and of the Kubernetes API server inside a cluster. */
    private static final Set<String> SENSITIVE_NAMES = Set.of("metadata.google.internal", "metadata", "metadata.goog",
            "instance-data", "instance-data.ec2.internal", "kubernetes", "kubernetes.default", "kubernetes.default.svc");
    /** Ranges that are sensitive: link-local (169.254.169.254 is there), AWS's IPv6 metadata, loopback, unspecified, Alibaba's metadata. */
    private static final List<Cidr> SENSITIVE_RANGES = List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("fe80::/10"),
            Cidr.parse("fd00:ec2::254/128"), Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"), Cidr.parse("0.0.0.0/8"),
            Cidr.parse("::/128"), Cidr.parse("100.100.100.200/32"));

    /** Resolves a host name to its addresses. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final List<Rule> rules;
    private final List<Cidr> apiServer;
    private final Resolver resolver;

    /**
     * @param rules     the allow-list as written
     * @param apiServer addresses of the Kubernetes API server (its Service's and the one the operator talks to)
     */
    public DestinationPolicy(List<String> rules, List<InetAddress> apiServer, Resolver resolver) {
        this.rules = rules.stream().map(String::strip).filter(r -> !r.isEmpty()).map(Rule::parse).toList();
        this.apiServer = apiServer.stream().map(Cidr::of).toList();
        this.resolver = resolver;
    }

    /** Checks every rule of an allow-list, throwing what is wrong with the first bad one. */
    public static void validate(List<String> rules) {
        rules.stream().map(String::strip).filter(r -> !r.isEmpty()).forEach(Rule::parse);
    }

    /**
     * Why the URL may not be called, or null when it may. Resolves its host (blocking); a host that does
     * not resolve throws, as the call could not be made either.
     */
    public String refusal(URI url) throws UnknownHostException {
        String host = host(url);
        int port = port(url);
        List<InetAddress> addresses = resolver.resolve(host);
        boolean sensitiveName = SENSITIVE_NAMES.contains(host) || host.startsWith("kubernetes.default.svc.")
                || host.endsWith(".internal") && host.startsWith("metadata");
        for (InetAddress address : addresses) {
            Cidr sensitive = sensitiveRange(address);
            boolean isSensitive = sensitiveName || sensitive != null;
            boolean allowed = false;
            for (Rule rule : rules) {
                if (rule.allows(host, address, port, sensitive, sensitiveName)) {
                    allowed = true;
                    break;
                }
            }
            if (!allowed) {
                String what = host.equals(address.getHostAddress()) ? host : host + " (" + address.getHostAddress() + ")";
                return isSensitive ? what + ":" + port + " is " + describe(sensitive)
                        + ", refused unless the operator's http.allow names it explicitly"
                        : what + ":" + port + " is not on the operator's allow-list (Helm value http.allow"
                        + (rules.isEmpty() ? ", empty: no destination is allowed" : "") + ")";
            }
        }
        return null;
    }

    private Cidr sensitiveRange(InetAddress address) {
        for (Cidr range : SENSITIVE_RANGES) {
            if (range.contains(address)) {
                return range;
            }
        }
        for (Cidr range : apiServer) {
            if (range.contains(address)) {
                return range;
            }
        }
        return null;
    }

    /** The URL's port, the scheme's default when it names none. */
    static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private String describe(Cidr range) {
        if (range != null && apiServer.contains(range)) {
            return "the Kubernetes API server";
        }
        if (range != null && (range.contains(address("127.0.0.1")) || range.contains(address("::1")))) {
            return "a loopback address (the operator's own host)";
        }
        return range != null ? "a link-local or cloud metadata address" : "the Kubernetes API server or a cloud metadata service";
    }

    static String host(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal + " is not an address", e);
        }
    }

    /** One allow-list entry. */
    private record Rule(String name, Cidr range, Integer port) {
        static Rule parse(String text) {
            String body = text;
            Integer port = null;
            int colon = body.lastIndexOf(':');
            boolean bracketed = body.startsWith("[");
            if (bracketed || colon > 0 && body.indexOf(':') == colon) {
                int close = bracketed ? body.indexOf(']') : -1;
                if (bracketed && close < 0) {
                    throw new IllegalArgumentException("\"" + text + "\": an IPv6 rule with a port is written [address]:port");
                }
                String portText = bracketed ? (close + 1 < body.length() && body.charAt(close + 1) == ':' ? body.substring(close + 2) : null)
                        : body.substring(colon + 1);
                body = bracketed ? body.substring(1, close) : body.substring(0, colon);
                if (portText != null && !portText.equals("*")) {
                    try {
                        port = Integer.parseInt(portText);
                    } catch (NumberFormatException e) {
                        port = -1;
                    }
                    if (port < 1 || port > 65535) {
                        throw new IllegalArgumentException("\"" + text + "\": the port must be 1-65535 or *");
                    }
                }
            }
            body = body.toLowerCase(Locale.ROOT);
            if (body.equals("*") || body.matches("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
                    && !body.matches("^[0-9.]+$")) {
                return new Rule(body, null, port);
            }
            try {
                return new Rule(null, Cidr.parse(body.contains("/") ? body : body + (body.contains(":") ? "/128" : "/32")), port);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + text + "\" is neither *, a host name, *.domain nor an address or CIDR range");
            }
        }

        /**
         * True when the rule lets this address of the host through; for a sensitive destination only an
         * explicit rule does: the exact name, or a range within the sensitive range.
         */
        boolean allows(String host, InetAddress address, int port, Cidr sensitive, boolean sensitiveName) {
            if (this.port != null && this.port != port) {
                return false;
            }
            if (range != null) {
                if (!range.contains(address)) {
                    return false;
                }
                // A sensitive address needs a range within its own; a sensitive name, the single address.
                return sensitive != null ? range.prefix() >= sensitive.prefix()
                        : !sensitiveName || range.prefix() == address.getAddress().length * 8;
            }
            if (name.equals(host)) {
                // Naming a sensitive host opens it; naming another host does not open a sensitive address
                // it happens to resolve to.
                return sensitive == null || sensitiveName;
            }
            if (sensitive != null || sensitiveName) {
                return false;
            }
            return name.equals("*") || name.startsWith("*.") && host.endsWith(name.substring(1));
        }
    }

    /** An address range. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0 || !text.substring(0, slash).matches("^[0-9a-fA-F:.]+$")) {
                throw new IllegalArgumentException(text);
            }
            InetAddress base = address(text.substring(0, slash));
            int prefix = Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > base.getAddress().length * 8) {
                throw new IllegalArgumentException(text);
            }
            return new Cidr(base.getAddress(), prefix);
        }

        static Cidr of(InetAddress address) {
            return new Cidr(address.getAddress(), address.getAddress().length * 8);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(network) * 31 + prefix;
        }
    }
}
