package org.blindgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tiny pairs run end to end: the gateway (on H2, launched as its own process from the test
 * class path) and the raw relay (its own process too), 10 pairs, a 2 s steady phase each.
 */
class PairsRunTest {

    @Test
    @Timeout(90)
    void deliversEveryMessageExactlyOnceInOrderAndEndsWithOneJsonLine() throws Exception {
        BenchOutput run = BenchOutput.run("pairs", "--connections", "20", "--warmup", "1s", "--steady", "2s",
                "--peers", "relay", "--db", "h2", "--server-from-classpath", "--server-jvm-opts", "-Xmx256m", "--quiet");
        String out = run.out();
        assertThat(run.exit()).as(out).isZero();
        JsonObject json = run.json();

        assertThat(json.getString("scenario")).isEqualTo("pairs");
        assertThat(json.getString("db")).isEqualTo("h2");
        assertThat(json.getInteger("connections")).isEqualTo(20);
        assertThat(json.getBoolean("passed")).isTrue();
        assertThat(json.getDouble("msgsPerSec")).isPositive();
        assertThat(json.getDouble("relayMsgsPerSec")).isPositive();
        assertThat(json.getDouble("ratioToRelay")).isPositive();
        assertThat(json.getDouble("p50Ms")).isPositive();
        assertThat(json.getDouble("p99Ms")).isGreaterThanOrEqualTo(json.getDouble("p50Ms"));
        assertThat(json.getDouble("p999Ms")).isGreaterThanOrEqualTo(json.getDouble("p99Ms"));
        assertThat(json.getDouble("serverCpuSecPerMillion")).isPositive();
        assertThat(json.getDouble("serverRssMiB")).isPositive();
        assertThat(json.fieldNames()).contains("ejabberdMsgsPerSec", "natsMsgsPerSec", "ratioToEjabberd",
                "ratioToNats");
        JsonArray targets = json.getJsonArray("targets");
        assertThat(targets).hasSize(2);
        for (int i = 0; i < targets.size(); i++) {
            assertThat(targets.getJsonObject(i).getBoolean("passed")).as(targets.getJsonObject(i).encode()).isTrue();
        }
        // Where the CPU went: the gateway's event loop carried the load, and so did the generator's.
        JsonObject gatewayPhase = targets.getJsonObject(0).getJsonArray("phases").getJsonObject(0);
        assertThat(gatewayPhase.getJsonObject("serverThreadCores").getMap()).containsKey("vert.x-eventloo");
        assertThat(gatewayPhase.getJsonObject("generatorThreadCores").getMap()).containsKey("vert.x-eventloo");
        assertThat(out).contains("where the CPU went");
        // The table comes before the JSON line and names both systems.
        assertThat(out).contains("gateway-h2").contains("relay");
    }
}
