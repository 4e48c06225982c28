package dev.baton.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Third-party binaries that {@code controller-tests/cluster/build.sh} builds from their Go modules, at the versions of versions.env. */
final class ClusterBinaries {
    private ClusterBinaries() {
    }

    /** Builds the component if missing (minutes when cold, at once when warm) and gives back the binaries' directory. */
    static Path build(Path repo, String component) {
        // build.sh logs, then prints the binaries' directory on its last line.
        List<String> lines = Commands.check(Duration.ofMinutes(30), repo.resolve("controller-tests/cluster/build.sh").toString(), component)
                .strip().lines().toList();
        return Path.of(lines.get(lines.size() - 1));
    }

    /** The value of {@code key} in versions.env (JOBSET_VERSION, KUEUE_VERSION). */
    static String version(Path repo, String key) throws IOException {
        return Files.readAllLines(repo.resolve("controller-tests/cluster/versions.env")).stream()
                .filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1).trim())
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + key + " in versions.env"));
    }
}
