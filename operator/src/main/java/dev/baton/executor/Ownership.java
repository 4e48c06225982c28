package dev.baton.executor;

import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of the Jobs and Pods that carry an instance's labels Baton made for it. Labels are anyone's to
 * write: a pod named like a step's attempt, or one with forged {@code baton.dev/*} labels, must be neither
 * read as an attempt nor killed. What counts is the controller owner reference, by uid: a Job the instance
 * controls, a Pod the instance controls (the Pod executor) or one such Job controls (the Job's pod).
 *
 * @param jobs    the instance's own Jobs
 * @param pods    the instance's own Pods
 * @param foreign "Kind/name" of the labelled objects that are not its own, left alone
 */
public record Ownership(List<Job> jobs, List<Pod> pods, List<String> foreign) {
    public static final Ownership NONE = new Ownership(List.of(), List.of(), List.of());

    public static Ownership of(WorkflowInstance instance, Collection<Job> jobs, Collection<Pod> pods) {
        String uid = instance.getMetadata().getUid();
        List<Job> ownJobs = new ArrayList<>();
        List<Pod> ownPods = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        Set<String> jobUids = new HashSet<>();
        for (Job job : jobs) {
            if (controlledBy(job, uid)) {
                ownJobs.add(job);
                jobUids.add(job.getMetadata().getUid());
            } else {
                foreign.add("Job/" + job.getMetadata().getName());
            }
        }
        for (Pod pod : pods) {
            String controller = controller(pod);
            if (controller != null && (controller.equals(uid) || jobUids.contains(controller))) {
                ownPods.add(pod);
            } else {
                foreign.add("Pod/" + pod.getMetadata().getName());
            }
        }
        return new Ownership(List.copyOf(ownJobs), List.copyOf(ownPods), List.copyOf(foreign));
    }

    /** True when the instance (by uid) is the object's controller. */
    public static boolean controlledBy(HasMetadata object, String uid) {
        return uid != null && uid.equals(controller(object));
    }

    /** The uid of each own Job and Pod, by name: what a delete must match. */
    public Map<String, String> uids() {
        Map<String, String> out = new HashMap<>();
        jobs.forEach(j -> out.put(j.getMetadata().getName(), j.getMetadata().getUid()));
        pods.forEach(p -> out.putIfAbsent(p.getMetadata().getName(), p.getMetadata().getUid()));
        return out;
    }

    private static String controller(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).map(OwnerReference::getUid)
                .findFirst().orElse(null);
    }
}
