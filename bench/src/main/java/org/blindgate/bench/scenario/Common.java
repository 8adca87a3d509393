package org.blindgate.bench.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Settings every scenario shares, validated by the command line.
 *
 * @param serverJar        the gateway's shaded jar (or null: the class path, in tests)
 * @param serverJvmOptions JVM options of the gateway AND of the relay, so both run alike
 * @param serverArgs       extra flags for blindgate-server
 * @param dbs              {@code h2}, {@code postgres}, or both, in order
 * @param clientThreads    event loops of the load generator
 * @param sourceAddresses  loopback source addresses (0: as many as the connection count needs)
 * @param frameBytes       size of every message frame (and of the peers' messages)
 * @param passwordHashKib  Argon2id memory of the bench users' password hashes (setup cost only)
 * @param workDir          data and logs of the systems under test
 * @param keepWorkDir      keep {@code workDir} after the run (else it is deleted)
 * @param jfrDir           if set, a JFR recording of the server for each steady phase goes here
 */
public record Common(Path serverJar, List<String> serverJvmOptions, List<String> serverArgs, List<String> dbs,
        String postgresUrl, String postgresUser, int clientThreads, int sourceAddresses, int frameBytes,
        int passwordHashKib, Path workDir, boolean keepWorkDir, Path jfrDir, boolean progress,
        Duration drainTimeout, long seed) {

    /**
     * The end of every scenario's JSON line: the verdict, the first failures when it failed, and
     * what ran where (server JVM options, machine).
     */
    public void putVerdict(Map<String, Object> json, boolean passed, Stream<String> failures) {
        json.put("passed", passed);
        if (!passed) {
            json.put("failures", failures.limit(20).toList());
        }
        json.put("serverJvm", String.join(" ", serverJvmOptions));
        json.put("machine", Machine.describe());
    }
}
