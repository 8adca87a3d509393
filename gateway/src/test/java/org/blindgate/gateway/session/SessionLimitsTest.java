package org.blindgate.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.gateway.testing.Api;
import org.blindgate.gateway.testing.TestGateway;
import org.blindgate.gateway.testing.WsClient;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.ErrorCode;
import org.blindgate.protocol.ServerFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Close codes 4029, 4008 and 4001, and auth.refresh, on a gateway with small limits and short tokens. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionLimitsTest {

    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(4);

    private TestGateway gateway;
    private Api api;

    @BeforeAll
    void start() {
        gateway = TestGateway.start(TestGateway.Db.H2, c -> c
                .withSession(new SessionLimits(8, 5, 10, 3))
                .withAuth(new GatewayConfig.Auth(c.auth().issuer(), c.auth().audience(), TOKEN_LIFETIME,
                        c.auth().refreshTokenLifetime(), Duration.ZERO, c.auth().keyRotation(),
                        c.auth().passwordHashing(), null, 10_000, 100_000)));
        api = gateway.api();
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void aFloodOfFramesIsClosedWith4029() {
        Api.Login alice = api.newUser("alice");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            for (int i = 0; i < 40; i++) {
                a.send(new ClientFrame.Ping());
            }
            assertThat(a.awaitClose()).isEqualTo(CloseCodes.RATE_LIMITED);
            assertThat(a.all(ServerFrame.Pong.class).size()).isBetween(10, 20);
        }
    }

    @Test
    void repeatedProtocolErrorsAreClosedWith4008() {
        Api.Login alice = api.newUser("alice");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            for (int i = 0; i < 4; i++) {
                a.sendRaw("{\"type\":\"nonsense\",\"payload\":{}}");
            }
            assertThat(a.awaitClose()).isEqualTo(CloseCodes.PROTOCOL_ERRORS);
            assertThat(a.all(ServerFrame.Error.class)).extracting(ServerFrame.Error::code)
                    .containsOnly(ErrorCode.UNKNOWN_TYPE).hasSize(4);
        }
    }

    @Test
    void aConnectionIsClosedWith4001WhenItsTokenExpires() {
        Api.Login alice = api.newUser("alice");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            assertThat(a.awaitClose()).isEqualTo(CloseCodes.TOKEN_EXPIRED);
        }
    }

    @Test
    void authRefreshExtendsTheConnectionAndRefusesAnotherDevicesToken() {
        Api.Login alice = api.newUser("alice");
        Api.Login otherDevice = api.login(alice.username(), null);
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            a.send("wrong", new ClientFrame.AuthRefresh(otherDevice.accessToken()));
            ServerFrame.Error wrong = (ServerFrame.Error) a.awaitReply("wrong",
                    f -> f instanceof ServerFrame.Error).frame();
            assertThat(wrong.code()).isEqualTo(ErrorCode.FORBIDDEN);

            Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            String fresh = api.login(alice.username(), alice.deviceId()).accessToken();
            a.send("fresh", new ClientFrame.AuthRefresh(fresh));
            // Past the first token's expiry the connection is still open ...
            Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(3))
                    .until(() -> !a.isClosed());
            // ... and it closes at the new token's expiry.
            assertThat(a.awaitClose()).isEqualTo(CloseCodes.TOKEN_EXPIRED);
        }
    }

    @Test
    void aMessageFarOverTheFrameLimitClosesWith1009() {
        Api.Login alice = api.newUser("alice");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            a.sendRaw("x".repeat(70_000));
            assertThat(a.awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
        }
    }
}
