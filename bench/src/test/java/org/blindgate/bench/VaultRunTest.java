package org.blindgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tiny vault run end to end: the vault on H2 and files with its token-issuing gateway (both
 * launched as their own processes from the test class path) and the static-file baseline (its own
 * process too), 10 users, a 2 s steady phase each. Asserts what was counted and checked, not how fast.
 */
class VaultRunTest {

    @Test
    @Timeout(120)
    void countsOperationsComparesEveryBlobReadBackAndEndsWithOneJsonLine() throws Exception {
        BenchOutput run = BenchOutput.run("vault", "--users", "10", "--warmup", "1s", "--steady", "2s", "--db", "h2",
                "--server-from-classpath", "--server-jvm-opts", "-Xmx256m", "--quiet");
        String out = run.out();
        assertThat(run.exit()).as(out).isZero();
        JsonObject json = run.json();

        assertThat(json.getString("scenario")).isEqualTo("vault");
        assertThat(json.getString("db")).isEqualTo("h2");
        assertThat(json.getInteger("users")).isEqualTo(10);
        assertThat(json.getInteger("blobBytes")).isEqualTo(1024);
        assertThat(json.getBoolean("passed")).isTrue();
        assertThat(json.getLong("verifiedGets")).isPositive();
        assertThat(json.getDouble("opsPerSec")).isPositive();
        // A cycle is PUT, GET, DELETE by one user at a time: the three counts differ by at most one per user.
        double seconds = json.getJsonArray("targets").getJsonObject(0).getDouble("seconds");
        double put = json.getDouble("putOpsPerSec") * seconds;
        assertThat(put).isPositive();
        assertThat(json.getDouble("getOpsPerSec") * seconds).isCloseTo(put, within(10.5));
        assertThat(json.getDouble("deleteOpsPerSec") * seconds).isCloseTo(put, within(10.5));
        assertThat(json.getDouble("p99Ms")).isGreaterThanOrEqualTo(json.getDouble("p50Ms"));
        assertThat(json.getDouble("serverCpuSecPerMillion")).isPositive();
        assertThat(json.getDouble("serverRssMiB")).isPositive();
        assertThat(json.getDouble("baselineOpsPerSec")).isPositive();
        assertThat(json.getDouble("ratioToBaseline")).isPositive();
        JsonArray targets = json.getJsonArray("targets");
        assertThat(targets).hasSize(2);
        for (int i = 0; i < targets.size(); i++) {
            JsonObject t = targets.getJsonObject(i);
            assertThat(t.getBoolean("passed")).as(t.encode()).isTrue();
            assertThat(t.getLong("verifiedGets")).as(t.encode()).isPositive();
        }
        assertThat(out).contains("vault-h2").contains("baseline").contains("--vault-upload-burst");
    }
}
