package org.blindgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.gateway.testing.Api;
import org.blindgate.gateway.testing.TestGateway;
import org.blindgate.gateway.testing.WsClient;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.ServerFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway that trusts an external identity provider (PROTOCOL.md §1): a simulated provider on
 * loopback publishes its own JWKS, signs the tokens, and owns accounts and logins. A fresh
 * provider and gateway per test, so that each test starts with an empty key cache.
 */
class ExternalIdentityProviderTest {

    private static final String IDP_ISSUER = "https://idp.example.test/";
    private static final String IDP_AUDIENCE = "blindgate-api";

    private final AtomicReference<String> published = new AtomicReference<>();
    private HttpServer idp;
    private ECKey idpKey;
    private TestGateway gateway;
    private Api api;

    @BeforeEach
    void start() throws Exception {
        idpKey = ecKey("idp-key-1");
        publish(idpKey);
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        idp.start();
        URL jwks = URI.create("http://127.0.0.1:" + idp.getAddress().getPort() + "/.well-known/jwks.json").toURL();
        gateway = TestGateway.start(TestGateway.Db.H2, config -> {
            GatewayConfig.Auth a = config.auth();
            return config.withAuth(new GatewayConfig.Auth(IDP_ISSUER, IDP_AUDIENCE, a.accessTokenLifetime(),
                    a.refreshTokenLifetime(), a.clockSkew(), a.keyRotation(), a.passwordHashing(), jwks,
                    a.loginBurstPerUsername(), a.loginBurstPerAddress()));
        });
        api = gateway.api();
    }

    @AfterEach
    void stop() {
        try {
            gateway.close();
        } finally {
            idp.stop(0);
        }
    }

    private static ECKey ecKey(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    }

    private void publish(ECKey... keys) {
        List<JWK> publicKeys = new ArrayList<>();
        for (ECKey key : keys) {
            publicKeys.add(key.toPublicJWK());
        }
        published.set(new JWKSet(publicKeys).toString());
    }

    /** A token as the provider issues it; {@code custom} adds or overrides claims. */
    private static String token(ECKey key, String subject, Consumer<JWTClaimsSet.Builder> custom)
            throws JOSEException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(IDP_ISSUER).audience(IDP_AUDIENCE)
                .subject(subject).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
        custom.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String token(ECKey key, String subject) throws JOSEException {
        return token(key, subject, claims -> { });
    }

    private int upgrade(String token) {
        return WsClient.upgradeStatus(gateway.port(), "Bearer " + token);
    }

    private UUID userIdOf(String username, String callerToken) {
        Api.Response r = api.get("/v1/users/by-username/" + username, callerToken);
        assertThat(r.status()).as("lookup of %s answered %s", username, r.body()).isEqualTo(200);
        return UUID.fromString(r.body().get("userId").asText());
    }

    private int count(String sql, Object param) throws SQLException {
        try (Connection c = gateway.gateway().database().connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setObject(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getInt(1);
            }
        }
    }

    private static ClientFrame.Message message(UUID to) {
        return new ClientFrame.Message(UUID.randomUUID(), to, null, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "session-1", MessageType.TEXT);
    }

    @Test
    void providerUsersAreProvisionedOnFirstUseAndExchangeMessages() throws Exception {
        UUID bobDevice = UUID.randomUUID();
        String alice = token(idpKey, "idp|alice", c -> c.claim("preferred_username", "alice-idp"));
        String bob = token(idpKey, "idp|bob", c -> c.claim("preferred_username", "bob-idp")
                .claim("did", bobDevice.toString()));
        String carol = token(idpKey, "idp|carol");
        assertThat(count("SELECT COUNT(*) FROM users", null)).isZero();

        try (WsClient a = WsClient.connect(gateway.port(), alice);
                WsClient b = WsClient.connect(gateway.port(), bob);
                WsClient c = WsClient.connect(gateway.port(), carol)) {
            UUID aliceId = userIdOf("alice-idp", bob);
            UUID bobId = userIdOf("bob-idp", alice);
            assertThat(aliceId).isNotEqualTo(bobId);

            ClientFrame.Message hello = message(bobId);
            a.send(hello);
            ServerFrame.Message atBob = b.await(ServerFrame.Message.class, 1).get(0);
            assertThat(atBob.messageId()).isEqualTo(hello.messageId());
            assertThat(atBob.senderId()).isEqualTo(aliceId);
            assertThat(atBob.recipientId()).isEqualTo(bobId);

            ClientFrame.Message reply = message(aliceId);
            b.send(reply);
            ServerFrame.Message atAlice = a.await(ServerFrame.Message.class, 1).get(0);
            assertThat(atAlice.messageId()).isEqualTo(reply.messageId());
            assertThat(atAlice.senderId()).isEqualTo(bobId);
            // A UUID did is the device id itself.
            assertThat(atAlice.senderDeviceId()).isEqualTo(bobDevice);

            // Without preferred_username the user still exists, under a name the gateway picks.
            c.send(message(bobId));
            ServerFrame.Message fromCarol = b.await(ServerFrame.Message.class, 2).get(1);
            UUID carolId = fromCarol.senderId();
            assertThat(carolId).isNotIn(aliceId, bobId);

            for (UUID id : new UUID[] {aliceId, bobId, carolId}) {
                assertThat(count("SELECT COUNT(*) FROM users WHERE id = ? AND password_hash IS NULL", id))
                        .as("users row of %s", id).isEqualTo(1);
            }
            assertThat(count("SELECT COUNT(*) FROM devices WHERE id = ?", bobDevice)).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM users", null)).isEqualTo(3);
        }
        // A second token of the same subject is the same user: nothing new is provisioned.
        String aliceAgain = token(idpKey, "idp|alice", c -> c.claim("preferred_username", "alice-idp"));
        assertThat(api.get("/v1/conversations", aliceAgain).status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM users", null)).isEqualTo(3);
    }

    @Test
    void refusesTokensOfAnotherKeyAudienceOrIssuer() throws Exception {
        // Same kid as the provider's key, so no refetch: only the signature can tell.
        ECKey forger = ecKey(idpKey.getKeyID());
        String forged = token(forger, "idp|mallory");
        String otherAudience = token(idpKey, "idp|mallory", c -> c.audience("another-api"));
        String otherIssuer = token(idpKey, "idp|mallory", c -> c.issuer("https://evil.example.test/"));

        for (String refused : new String[] {forged, otherAudience, otherIssuer}) {
            assertThat(upgrade(refused)).isEqualTo(401);
            Api.Response rest = api.get("/v1/conversations", refused);
            assertThat(rest.status()).isEqualTo(401);
            assertThat(rest.errorCode()).isEqualTo("unauthorized");
        }
        assertThat(count("SELECT COUNT(*) FROM users", null)).isZero();
        assertThat(upgrade(token(idpKey, "idp|alice"))).isEqualTo(101);
    }

    @Test
    void servesNoRegistrationLoginOrKeysOfItsOwn() {
        Map<String, String> credentials = Map.of("username", "alice", "password", "correct horse");

        Api.Response register = api.post("/v1/auth/register", credentials, null);
        Api.Response login = api.post("/v1/auth/login", credentials, null);
        Api.Response refresh = api.post("/v1/auth/refresh", Map.of("refreshToken", "x"), null);
        Api.Response jwks = api.get("/.well-known/jwks.json", null);

        for (Api.Response r : new Api.Response[] {register, login, refresh, jwks}) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("not_found");
        }
    }

    @Test
    void providerUsersListTheirDevicesAndCanEraseTheirAccount() throws Exception {
        String dave = token(idpKey, "idp|dave", c -> c.claim("preferred_username", "dave-idp"));
        Api.Response devices = api.get("/v1/devices", dave);
        assertThat(devices.status()).isEqualTo(200);
        assertThat(devices.body().get("devices")).hasSize(1);

        assertThat(api.delete("/v1/account", dave).status()).isEqualTo(204);
        String erin = token(idpKey, "idp|erin");
        assertThat(api.get("/v1/users/by-username/dave-idp", erin).status()).isEqualTo(404);
    }

    @Test
    void followsTheProvidersKeyRotationWithoutARestart() throws Exception {
        try (WsClient before = WsClient.connect(gateway.port(), token(idpKey, "idp|alice"))) {
            before.send("p", new ClientFrame.Ping());
            before.awaitReply("p", f -> f instanceof ServerFrame.Pong);
        }
        ECKey rotated = ecKey("idp-key-2");
        publish(idpKey, rotated);

        String next = token(rotated, "idp|alice");

        assertThat(upgrade(next)).isEqualTo(101);
        assertThat(api.get("/v1/conversations", next).status()).isEqualTo(200);
        assertThat(upgrade(token(idpKey, "idp|bob"))).isEqualTo(101);
    }
}
