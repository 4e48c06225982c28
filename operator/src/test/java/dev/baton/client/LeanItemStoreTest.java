package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class LeanItemStoreTest {
    @Test
    void cachedObjectsLoseTheirManagedFieldsAndKeepTheRest() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").addToLabels("baton.dev/step", "a")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kube-scheduler").withOperation("Update").build())
                .endMetadata().build();
        LeanItemStore<Pod> store = new LeanItemStore<>();
        store.put(store.getKey(pod), pod);
        Pod cached = store.get("ns/p");
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getLabels()).containsEntry("baton.dev/step", "a");
        assertThat(store.size()).isEqualTo(1);
    }
}
