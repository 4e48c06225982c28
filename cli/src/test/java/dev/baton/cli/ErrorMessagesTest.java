package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Failures read as kubectl words them. */
class ErrorMessagesTest {
    @Test
    void aRefusalOfTheServerIsQuotedWithItsReason() {
        var forbidden = new KubernetesClientException(new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("workflowinstances.baton.dev \"x\" is forbidden: User \"bob\" cannot patch resource \"workflowinstances\"")
                .build());
        assertThat(ErrorMessages.describe(forbidden, "https://k:6443")).isEqualTo(new ErrorMessages.Report(
                "Error from server (Forbidden): workflowinstances.baton.dev \"x\" is forbidden: User \"bob\" cannot patch resource"
                        + " \"workflowinstances\"", ExitCodes.ERROR));
    }

    @Test
    void aMissingObjectIsWordedAsKubectlsNotFound() {
        assertThat(ErrorMessages.describe(UserError.notFound(Cluster.INSTANCES, "nope"), null).line())
                .isEqualTo("Error from server (NotFound): workflowinstances.baton.dev \"nope\" not found");
    }

    @Test
    void aConnectionFailureNamesTheServer() {
        var refused = new KubernetesClientException("An error has occurred.", new ConnectException());
        assertThat(ErrorMessages.describe(refused, "https://10.0.0.1:6443/").line())
                .isEqualTo("Unable to connect to the server at https://10.0.0.1:6443: connection refused");
    }

    @Test
    void aMultiLineMessageBecomesOneLine() {
        var odd = new KubernetesClientException(new StatusBuilder().withCode(422).withReason("Invalid").withMessage("a\n  b\nc").build());
        assertThat(ErrorMessages.describe(odd, null).line()).isEqualTo("Error from server (Invalid): a b c");
    }
}
