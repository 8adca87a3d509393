package org.blindgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tiny e2e run: the gateway and its vault on H2 (two processes launched from the test class
 * path), 2 pairs of real SDK clients, then the metadata-only load on the same gateway, a 2 s
 * steady phase each. Asserts what was counted and checked, not how fast.
 */
class E2eRunTest {

    @Test
    @Timeout(180)
    void deliversEveryEncryptedMessageOnceWithItsTextAndReportsItBesideMetadataOnly() throws Exception {
        BenchOutput run = BenchOutput.run("e2e", "--pairs", "2", "--warmup", "1s", "--steady", "2s", "--db", "h2",
                "--server-from-classpath", "--server-jvm-opts", "-Xmx256m", "--quiet");
        String out = run.out();
        assertThat(run.exit()).as(out).isZero();
        JsonObject json = run.json();

        assertThat(json.getString("scenario")).isEqualTo("e2e");
        assertThat(json.getString("db")).isEqualTo("h2");
        assertThat(json.getInteger("pairs")).isEqualTo(2);
        assertThat(json.getInteger("window")).isEqualTo(1);
        assertThat(json.getBoolean("passed")).isTrue();
        assertThat(json.getLong("received")).isPositive();
        assertThat(json.getDouble("msgsPerSec")).isPositive();
        assertThat(json.getDouble("p99Ms")).isGreaterThanOrEqualTo(json.getDouble("p50Ms"));
        assertThat(json.getDouble("metadataMsgsPerSec")).isPositive();
        assertThat(json.getDouble("ratioToMetadata")).isPositive();
        assertThat(json.getDouble("gatewayCpuSecPerMillion")).isNotNull();
        assertThat(json.getDouble("vaultCpuSecPerMillion")).isNotNull();
        assertThat(json.getDouble("serverRssMiB")).isPositive();
        assertThat(json.getDouble("generatorCpuSec")).isNotNull();
        JsonArray targets = json.getJsonArray("targets");
        assertThat(targets).hasSize(2);
        for (int i = 0; i < targets.size(); i++) {
            JsonObject t = targets.getJsonObject(i);
            assertThat(t.getBoolean("passed")).as(t.encode()).isTrue();
            assertThat(t.getJsonArray("phases").getJsonObject(0).getLong("received")).as(t.encode()).isPositive();
        }
        assertThat(out).contains("e2e-h2").contains("gateway-h2").contains("metadata only");
    }
}
