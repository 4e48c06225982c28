package dev.baton.it.realnode;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process of a pod on the real node, which is this machine: found through /proc (the kubelet puts each pod
 * in a cgroup named after its UID) and sent signals as a crash, a stall or an OOM kill would: SIGKILL, SIGSTOP,
 * SIGCONT. The tests run as root, as the real node needs.
 */
public record NodeProcess(long pid) {

    /** The process of the pod whose command line contains {@code command} (such as "java"); fails if not one. */
    public static NodeProcess of(Pod pod, String command) throws IOException {
        String uid = pod.getMetadata().getUid();
        List<Long> pids;
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            pids = proc.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> inPod(p, uid) && read(p.resolve("cmdline")).contains(command))
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
        if (pids.size() != 1) {
            throw new IllegalStateException("expected one '" + command + "' process of pod " + pod.getMetadata().getName()
                    + " (uid " + uid + ") on this machine, found " + pids);
        }
        return new NodeProcess(pids.get(0));
    }

    /** kill -SIGNAL: KILL, STOP or CONT. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + ": " + out);
        }
    }

    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The cgroupfs driver names a pod's cgroup pod<UID>; the systemd driver writes its dashes as underscores. */
    private static boolean inPod(Path proc, String uid) {
        String cgroup = read(proc.resolve("cgroup"));
        return cgroup.contains("pod" + uid) || cgroup.contains("pod" + uid.replace('-', '_'));
    }

    /** A file of /proc, or "" when the process ended meanwhile or is not ours to read. */
    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
