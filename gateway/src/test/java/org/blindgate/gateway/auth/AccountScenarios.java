package org.blindgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.gateway.session.CloseCodes;
import org.blindgate.gateway.testing.Api;
import org.blindgate.gateway.testing.GatewayScenarios;
import org.blindgate.gateway.testing.TestGateway;
import org.blindgate.gateway.testing.WsClient;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.ServerFrame;
import org.junit.jupiter.api.Test;

/**
 * Accounts, logins, refresh tokens and devices (PROTOCOL.md §1) over real HTTP against a real
 * gateway. Runs once per database (subclasses), since H2 and PostgreSQL must behave the same.
 */
abstract class AccountScenarios extends GatewayScenarios {

    private static final String PASSWORD = "correct horse";
    private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String TIMESTAMP_FORM = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Map<String, Object> credentials(String username, String password) {
        return Map.of("username", username, "password", password);
    }

    private Api.Response register(String username, String password) {
        return api.post("/v1/auth/register", credentials(username, password), null);
    }

    private Api.Response refresh(String refreshToken) {
        return api.post("/v1/auth/refresh", Map.of("refreshToken", refreshToken), null);
    }

    private Api.Response devices(String accessToken) {
        return api.get("/v1/devices", accessToken);
    }

    private static List<String> deviceIds(Api.Response devices) {
        return StreamSupport.stream(devices.body().get("devices").spliterator(), false)
                .map(d -> d.get("deviceId").asText()).toList();
    }

    private int usersNamed(String username) throws SQLException {
        return count("SELECT COUNT(*) FROM users WHERE username = ?", username);
    }

    private int count(String sql, Object... params) throws SQLException {
        try (Connection c = gateway.gateway().database().connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getInt(1);
            }
        }
    }

    /** A POST whose content type the test chooses, which {@link Api} always sets to JSON. */
    private Api.Response postAs(String path, String contentType, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Api.Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()),
                r.headers().firstValue("Retry-After").orElse(null));
    }

    private static ClientFrame.Message message(UUID to) {
        return new ClientFrame.Message(UUID.randomUUID(), to, null, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "session-1", MessageType.TEXT);
    }

    private static JsonNode jwtHeader(String jwt) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
    }

    @Test
    void registersAUserAndAnswersItsIdAndName() {
        String name = Api.uniqueName("reg");

        Api.Response r = register(name, PASSWORD);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("userId").asText()).matches(UUID_FORM);
        assertThat(r.body().get("username").asText()).isEqualTo(name);
    }

    @Test
    void refusesATakenUsername() throws SQLException {
        String name = Api.uniqueName("taken");
        assertThat(register(name, PASSWORD).status()).isEqualTo(201);

        Api.Response again = register(name, "another password");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("username_taken");
        assertThat(usersNamed(name)).isEqualTo(1);
    }

    @Test
    void refusesInvalidUsernamesWithoutCreatingAnyone() throws SQLException {
        for (String name : List.of("ab", "Alice" + UUID.randomUUID().toString().substring(0, 6), "a".repeat(33),
                "bad!" + UUID.randomUUID().toString().substring(0, 6))) {
            Api.Response r = register(name, PASSWORD);

            assertThat(r.status()).as("status for %s", name).isEqualTo(400);
            assertThat(r.errorCode()).as("code for %s", name).isEqualTo("invalid_request");
            assertThat(usersNamed(name)).as("users named %s", name).isZero();
        }
        // The bounds themselves are valid.
        String shortest = "x" + UUID.randomUUID().toString().substring(0, 2);
        assertThat(register(shortest, PASSWORD).status()).isEqualTo(201);
        String longest = (Api.uniqueName("l") + "x".repeat(32)).substring(0, 32);
        assertThat(register(longest, PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void refusesPasswordsOutsideEightTo256CharactersWithoutCreatingAnyone() throws SQLException {
        for (String password : List.of("7 chars", "p".repeat(257))) {
            String name = Api.uniqueName("pw");

            Api.Response r = register(name, password);

            assertThat(r.status()).as("status for %d chars", password.length()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_request");
            assertThat(usersNamed(name)).isZero();
        }
        assertThat(register(Api.uniqueName("pw"), "8 chars!").status()).isEqualTo(201);
        assertThat(register(Api.uniqueName("pw"), "p".repeat(256)).status()).isEqualTo(201);
    }

    @Test
    void refusesAnUnknownFieldInTheBody() throws SQLException {
        String name = Api.uniqueName("strict");

        Api.Response r = api.post("/v1/auth/register",
                Map.of("username", name, "password", PASSWORD, "isAdmin", true), null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_request");
        assertThat(r.body().path("error").path("message").asText()).contains("isAdmin");
        assertThat(usersNamed(name)).isZero();
    }

    @Test
    void refusesABodyThatIsNotDeclaredJson() throws Exception {
        String name = Api.uniqueName("ctype");
        String body = JSON.writeValueAsString(credentials(name, PASSWORD));

        Api.Response plain = postAs("/v1/auth/register", "text/plain", body);
        Api.Response form = postAs("/v1/auth/login", "application/x-www-form-urlencoded", body);
        Api.Response malformed = postAs("/v1/auth/register", "application/json", "{\"username\":");

        assertThat(List.of(plain, form, malformed)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_request");
        });
        assertThat(usersNamed(name)).isZero();
    }

    @Test
    void logsInWithEveryFieldOfASession() {
        String name = Api.uniqueName("login");
        String userId = register(name, PASSWORD).body().get("userId").asText();

        Api.Response r = api.post("/v1/auth/login", credentials(name, PASSWORD), null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.get("accessToken").asText()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(b.get("refreshToken").asText()).isNotBlank().isNotEqualTo(b.get("accessToken").asText());
        assertThat(b.get("expiresIn").isIntegralNumber()).isTrue();
        assertThat(b.get("expiresIn").asLong()).isBetween(1L, 900L);
        assertThat(b.get("userId").asText()).isEqualTo(userId);
        assertThat(b.get("deviceId").asText()).matches(UUID_FORM);
        assertThat(b.get("lastSeq").asLong()).isZero();
        assertThat(devices(b.get("accessToken").asText()).status()).isEqualTo(200);
    }

    @Test
    void answersWrongPasswordAndUnknownUserAlike() {
        String name = Api.uniqueName("cred");
        register(name, PASSWORD);

        Api.Response wrongPassword = api.post("/v1/auth/login", credentials(name, "not the password"), null);
        Api.Response unknownUser = api.post("/v1/auth/login", credentials(Api.uniqueName("nobody"), PASSWORD),
                null);

        assertThat(List.of(wrongPassword, unknownUser)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("invalid_credentials");
        });
        assertThat(wrongPassword.body().path("error").path("message").asText())
                .isEqualTo(unknownUser.body().path("error").path("message").asText());
    }

    @Test
    void logsTheSameDeviceInAgainByItsId() {
        Api.Login phone = api.newUser("again");
        List<String> before = deviceIds(devices(phone.accessToken()));

        Api.Login again = api.login(phone.username(), phone.deviceId());

        assertThat(again.deviceId()).isEqualTo(phone.deviceId());
        assertThat(again.userId()).isEqualTo(phone.userId());
        assertThat(again.accessToken()).isNotEqualTo(phone.accessToken());
        assertThat(deviceIds(devices(again.accessToken()))).containsExactlyElementsOf(before)
                .containsExactly(phone.deviceId().toString());
    }

    @Test
    void refusesToLogInOnAnotherUsersDevice() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");

        Api.Response r = api.post("/v1/auth/login", Map.of("username", alice.username(), "password", PASSWORD,
                "deviceId", bob.deviceId().toString()), null);
        Api.Response malformed = api.post("/v1/auth/login", Map.of("username", alice.username(), "password",
                PASSWORD, "deviceId", "not-a-uuid"), null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_found");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(deviceIds(devices(alice.accessToken()))).containsExactly(alice.deviceId().toString());
    }

    @Test
    void rotatesTheRefreshTokenOnEveryUse() {
        Api.Login login = api.newUser("rotate");

        Api.Response next = refresh(login.refreshToken());

        assertThat(next.status()).isEqualTo(200);
        String rotated = next.body().get("refreshToken").asText();
        assertThat(rotated).isNotBlank().isNotEqualTo(login.refreshToken());
        assertThat(next.body().get("userId").asText()).isEqualTo(login.userId().toString());
        assertThat(next.body().get("deviceId").asText()).isEqualTo(login.deviceId().toString());
        assertThat(next.body().get("expiresIn").asLong()).isBetween(1L, 900L);
        assertThat(devices(next.body().get("accessToken").asText()).status()).isEqualTo(200);

        Api.Response old = refresh(login.refreshToken());

        assertThat(old.status()).isEqualTo(401);
        assertThat(old.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void revokesTheWholeFamilyWhenASpentRefreshTokenComesBack() {
        Api.Login login = api.newUser("family");
        String second = refresh(login.refreshToken()).body().get("refreshToken").asText();
        String third = refresh(second).body().get("refreshToken").asText();
        // Another login of the same user is another family, and must survive.
        Api.Login otherLogin = api.login(login.username(), login.deviceId());

        Api.Response reuse = refresh(login.refreshToken());
        Api.Response newest = refresh(third);

        assertThat(reuse.status()).isEqualTo(401);
        assertThat(newest.status()).isEqualTo(401);
        assertThat(newest.errorCode()).isEqualTo("unauthorized");
        assertThat(refresh(otherLogin.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void logsOutARefreshToken() {
        Api.Login login = api.newUser("logout");

        Api.Response r = api.post("/v1/auth/logout", Map.of("refreshToken", login.refreshToken()), null);

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isNull();
        assertThat(refresh(login.refreshToken()).status()).isEqualTo(401);
    }

    @Test
    void listsTheCallersDevices() {
        Api.Login phone = api.newUser("devices");
        Api.Response laptopLogin = api.post("/v1/auth/login", Map.of("username", phone.username(), "password",
                PASSWORD, "deviceName", "laptop"), null);
        String laptop = laptopLogin.body().get("deviceId").asText();

        Api.Response r = devices(phone.accessToken());

        assertThat(r.status()).isEqualTo(200);
        JsonNode list = r.body().get("devices");
        assertThat(list).hasSize(2);
        assertThat(deviceIds(r)).containsExactlyInAnyOrder(phone.deviceId().toString(), laptop);
        for (JsonNode d : list) {
            assertThat(d.get("deviceId").asText()).matches(UUID_FORM);
            assertThat(d.get("name").asText()).isNotBlank();
            assertThat(d.get("createdAt").asText()).matches(TIMESTAMP_FORM);
            assertThat(d.get("lastSeen").asText()).matches(TIMESTAMP_FORM);
        }
        assertThat(StreamSupport.stream(list.spliterator(), false)
                .filter(d -> d.get("deviceId").asText().equals(laptop)).findFirst().orElseThrow()
                .get("name").asText()).isEqualTo("laptop");
        assertThat(devices(null).status()).isEqualTo(401);
    }

    @Test
    void removingADeviceRevokesItsTokensAndClosesItsConnection() {
        Api.Login phone = api.newUser("remove");
        Api.Login laptop = api.login(phone.username(), null);
        try (WsClient phoneWs = WsClient.connect(gateway.port(), phone.accessToken());
                WsClient laptopWs = WsClient.connect(gateway.port(), laptop.accessToken())) {

            Api.Response r = api.delete("/v1/devices/" + laptop.deviceId(), phone.accessToken());

            assertThat(r.status()).isEqualTo(204);
            assertThat(laptopWs.awaitClose()).isEqualTo(CloseCodes.FORBIDDEN);
            assertThat(refresh(laptop.refreshToken()).status()).isEqualTo(401);
            assertThat(devices(laptop.accessToken()).status()).isEqualTo(401);
            assertThat(WsClient.upgradeStatus(gateway.port(), "Bearer " + laptop.accessToken())).isEqualTo(401);

            assertThat(deviceIds(devices(phone.accessToken()))).containsExactly(phone.deviceId().toString());
            phoneWs.send("p", new ClientFrame.Ping());
            phoneWs.awaitReply("p", f -> f instanceof ServerFrame.Pong);
            assertThat(phoneWs.isClosed()).isFalse();
            assertThat(refresh(phone.refreshToken()).status()).isEqualTo(200);
        }
    }

    @Test
    void refusesToRemoveAnotherUsersDevice() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");

        Api.Response r = api.delete("/v1/devices/" + bob.deviceId(), alice.accessToken());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_found");
        assertThat(deviceIds(devices(bob.accessToken()))).containsExactly(bob.deviceId().toString());
        assertThat(api.delete("/v1/devices/" + UUID.randomUUID(), alice.accessToken()).status()).isEqualTo(404);
    }

    @Test
    void refusesADeviceIdThatIsNotAUuid() {
        Api.Login alice = api.newUser("alice");

        for (String id : List.of("not-a-uuid", alice.deviceId().toString().toUpperCase())) {
            Api.Response r = api.delete("/v1/devices/" + id, alice.accessToken());

            assertThat(r.status()).as("status for %s", id).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_request");
        }
        assertThat(deviceIds(devices(alice.accessToken()))).containsExactly(alice.deviceId().toString());
    }

    @Test
    void deletingTheAccountErasesItsMessagesAndFreesItsUsername() throws SQLException {
        Api.Login alice = api.newUser("erase");
        Api.Login aliceLaptop = api.login(alice.username(), null);
        Api.Login bob = api.newUser("bob");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken());
                WsClient laptop = WsClient.connect(gateway.port(), aliceLaptop.accessToken());
                WsClient b = WsClient.connect(gateway.port(), bob.accessToken())) {
            a.send(message(bob.userId()));
            b.send(message(alice.userId()));
            a.await(ServerFrame.Ack.class, 1);
            b.await(ServerFrame.Ack.class, 1);
            String bySenderOrRecipient = "SELECT COUNT(*) FROM messages WHERE sender_id = ? OR recipient_id = ?";
            assertThat(count(bySenderOrRecipient, alice.userId(), alice.userId())).isEqualTo(2);

            Api.Response r = api.delete("/v1/account", alice.accessToken());

            assertThat(r.status()).isEqualTo(204);
            assertThat(a.awaitClose()).isEqualTo(CloseCodes.FORBIDDEN);
            assertThat(laptop.awaitClose()).isEqualTo(CloseCodes.FORBIDDEN);
            assertThat(count(bySenderOrRecipient, alice.userId(), alice.userId())).isZero();
            assertThat(count("SELECT COUNT(*) FROM users WHERE id = ?", alice.userId())).isZero();
            assertThat(count("SELECT COUNT(*) FROM devices WHERE user_id = ?", alice.userId())).isZero();
            assertThat(count("SELECT COUNT(*) FROM conversation_members WHERE user_id = ?", alice.userId())).isZero();
            assertThat(b.isClosed()).isFalse();
        }
        Api.Response login = api.post("/v1/auth/login", credentials(alice.username(), PASSWORD), null);
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.errorCode()).isEqualTo("invalid_credentials");
        assertThat(devices(alice.accessToken()).status()).isEqualTo(401);
        assertThat(refresh(alice.refreshToken()).status()).isEqualTo(401);
        assertThat(refresh(aliceLaptop.refreshToken()).status()).isEqualTo(401);

        Api.Response again = register(alice.username(), "a new password");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().get("userId").asText()).isNotEqualTo(alice.userId().toString());
    }

    @Test
    void findsAUserByUsername() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");

        Api.Response found = api.get("/v1/users/by-username/" + bob.username(), alice.accessToken());
        Api.Response missing = api.get("/v1/users/by-username/" + Api.uniqueName("nobody"), alice.accessToken());
        Api.Response invalid = api.get("/v1/users/by-username/NotValid", alice.accessToken());

        assertFoundMissingInvalid(bob, found, missing, invalid);
        assertThat(api.get("/v1/users/by-username/" + bob.username(), null).status()).isEqualTo(401);
    }

    @Test
    void findsAUserById() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");

        Api.Response found = api.get("/v1/users/" + bob.userId(), alice.accessToken());
        Api.Response missing = api.get("/v1/users/" + UUID.randomUUID(), alice.accessToken());
        Api.Response invalid = api.get("/v1/users/" + bob.userId().toString().toUpperCase(), alice.accessToken());

        assertFoundMissingInvalid(bob, found, missing, invalid);
        assertThat(api.get("/v1/users/" + bob.userId(), null).status()).isEqualTo(401);
    }

    private static void assertFoundMissingInvalid(Api.Login bob, Api.Response found, Api.Response missing,
            Api.Response invalid) {
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("userId").asText()).isEqualTo(bob.userId().toString());
        assertThat(found.body().get("username").asText()).isEqualTo(bob.username());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorCode()).isEqualTo("invalid_request");
    }

    @Test
    void publishesOnlyPublicEcKeysIncludingTheOneThatSignsTokens() throws IOException {
        Api.Login alice = api.newUser("jwks");

        Api.Response r = api.get("/.well-known/jwks.json", null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode keys = r.body().get("keys");
        assertThat(keys).isNotEmpty();
        List<String> kids = new ArrayList<>();
        for (JsonNode key : keys) {
            assertThat(key.get("kid").asText()).isNotBlank();
            assertThat(key.get("kty").asText()).isEqualTo("EC");
            assertThat(key.has("d")).as("private part d").isFalse();
            kids.add(key.get("kid").asText());
        }
        JsonNode header = jwtHeader(alice.accessToken());
        assertThat(header.get("alg").asText()).isEqualTo("ES256");
        assertThat(kids).contains(header.get("kid").asText());
    }

    @Test
    void throttlesLoginsPerUsernameWithRetryAfter() {
        try (TestGateway limited = TestGateway.start(db(), loginBursts(3, 1000))) {
            Api limitedApi = limited.api();
            Api.Login alice = limitedApi.newUser("alice");
            Api.Login bob = limitedApi.newUser("bob");
            // newUser spent one of alice's three attempts; a wrong password spends one too.
            assertThat(limitedApi.post("/v1/auth/login", credentials(alice.username(), "wrong password"), null)
                    .status()).isEqualTo(401);
            assertThat(limitedApi.post("/v1/auth/login", credentials(alice.username(), PASSWORD), null).status())
                    .isEqualTo(200);

            Api.Response refused = limitedApi.post("/v1/auth/login", credentials(alice.username(), PASSWORD), null);

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.errorCode()).isEqualTo("rate_limited");
            assertThat(refused.retryAfter()).isNotNull();
            assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 6L);
            // Another username from the same address is not held back.
            assertThat(limitedApi.post("/v1/auth/login", credentials(bob.username(), PASSWORD), null).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void throttlesLoginsPerAddressAcrossUsernames() {
        try (TestGateway limited = TestGateway.start(db(), loginBursts(10_000, 3))) {
            Api limitedApi = limited.api();
            List<Api.Response> answers = new ArrayList<>();
            // The address bucket refills every 100 ms; twenty quick attempts outrun it.
            for (int i = 0; i < 20; i++) {
                answers.add(limitedApi.post("/v1/auth/login", credentials(Api.uniqueName("spray"), PASSWORD),
                        null));
            }

            assertThat(answers.subList(0, 3)).allSatisfy(r -> assertThat(r.errorCode())
                    .isEqualTo("invalid_credentials"));
            assertThat(answers).anySatisfy(r -> {
                assertThat(r.status()).isEqualTo(429);
                assertThat(r.errorCode()).isEqualTo("rate_limited");
                assertThat(r.retryAfter()).isEqualTo("1");
            });
        }
    }

    private static UnaryOperator<GatewayConfig> loginBursts(int perUsername, int perAddress) {
        return config -> {
            GatewayConfig.Auth a = config.auth();
            return config.withAuth(new GatewayConfig.Auth(a.issuer(), a.audience(), a.accessTokenLifetime(),
                    a.refreshTokenLifetime(), a.clockSkew(), a.keyRotation(), a.passwordHashing(), a.externalJwks(),
                    perUsername, perAddress));
        };
    }
}
