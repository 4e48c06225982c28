package dev.baton.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which destinations an allow-list lets through, with names resolved by a fixed table (no DNS). */
class DestinationPolicyTest {
    private static final Map<String, String> DNS = Map.of(
            "api.example.com", "93.184.216.34",
            "example.com", "93.184.216.36",
            "hooks.example.com", "93.184.216.35",
            "rebound.example.com", "169.254.169.254",
            "metadata.google.internal", "169.254.169.254",
            "kubernetes.default.svc", "10.96.0.1",
            "internal.corp", "10.1.2.3",
            "localhost", "127.0.0.1");
    private static final List<InetAddress> API_SERVER = List.of(DestinationPolicy.address("10.96.0.1"));

    private static DestinationPolicy policy(String rules) {
        return new DestinationPolicy(Arrays.asList(rules.split(",")), API_SERVER, DestinationPolicyTest::resolve);
    }

    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address == null && !host.matches("^[0-9a-f.:]+$")) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address == null ? host : address));
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // what the list names passes, and nothing else
            "api.example.com                | http://api.example.com/x           | allowed",
            "api.example.com                | http://hooks.example.com/x         | not on the operator's allow-list",
            "*.example.com                  | https://hooks.example.com/x        | allowed",
            "*.example.com                  | https://example.com/x              | not on the operator's allow-list",
            "api.example.com:443            | https://api.example.com/x          | allowed",
            "api.example.com:443            | http://api.example.com/x           | not on the operator's allow-list",
            "10.0.0.0/8                     | http://internal.corp:8080/         | allowed",
            "10.0.0.0/8:8080                | http://10.9.9.9:8081/              | not on the operator's allow-list",
            "*                              | http://internal.corp/              | allowed",
            "''                             | http://api.example.com/            | empty: no destination is allowed",
            // sensitive destinations: a wildcard or a wide range never opens them
            "*                              | http://169.254.169.254/latest/     | a link-local or cloud metadata address",
            "*                              | http://metadata.google.internal/   | a link-local or cloud metadata address",
            "*                              | http://[fd00:ec2::254]/            | a link-local or cloud metadata address",
            "*                              | http://[fe80::1]/                  | a link-local or cloud metadata address",
            "*                              | http://127.0.0.1:8080/             | a loopback address",
            "*                              | http://localhost:8080/             | a loopback address",
            "*                              | http://[::1]/                      | a loopback address",
            "*                              | https://kubernetes.default.svc/    | the Kubernetes API server",
            "10.0.0.0/8                     | https://10.96.0.1/                 | the Kubernetes API server",
            "*.example.com                  | http://rebound.example.com/        | a link-local or cloud metadata address",
            "rebound.example.com            | http://rebound.example.com/        | a link-local or cloud metadata address",
            "169.254.0.0/15                 | http://169.254.169.254/            | a link-local or cloud metadata address",
            // ... but a rule that names them does
            "169.254.169.254                | http://169.254.169.254/latest/     | allowed",
            "127.0.0.1                      | http://localhost:8080/             | allowed",
            "127.0.0.1:8080                 | http://127.0.0.1:8081/             | a loopback address",
            "kubernetes.default.svc         | https://kubernetes.default.svc/    | allowed",
            "10.96.0.1                      | https://10.96.0.1/                 | allowed",
            "[::1]:80                       | http://[::1]/                      | allowed"})
    void anAllowListLetsThroughWhatItNames(String rules, String url, String verdict) throws Exception {
        String refusal = policy(rules).refusal(URI.create(url));
        if (verdict.equals("allowed")) {
            assertThat(refusal).isNull();
        } else {
            assertThat(refusal).contains(verdict);
        }
    }

    @Test
    void everyAddressOfANameMustPass() throws Exception {
        DestinationPolicy p = new DestinationPolicy(List.of("10.0.0.0/8"), List.of(),
                host -> List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("169.254.169.254")));
        assertThat(p.refusal(URI.create("http://two.example/"))).contains("two.example (169.254.169.254):80");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"x:99999|the port must be 1-65535", "http://x:99999|is neither", "10.0.0.0/33|is neither",
        "bad_name|is neither", "[::1|an IPv6 rule with a port is written [address]:port"})
    void aBadRuleIsRefusedNamingIt(String rule, String why) {
        assertThatThrownBy(() -> DestinationPolicy.validate(List.of(rule))).hasMessageContaining("\"" + rule + "\"").hasMessageContaining(why);
    }
}
