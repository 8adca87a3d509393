package org.blindgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The few client calls the server tests make: register and log in over HTTP (JDK client),
 * WebSockets through Vert.x (whose event loop runs the frame handlers). One per test; close it.
 */
final class GatewayClient implements AutoCloseable {

    /** What {@code POST /v1/auth/login} answered. */
    record Login(String accessToken, UUID userId, UUID deviceId, long lastSeq) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient webSockets = vertx.createWebSocketClient();

    /** Registers {@code username} (201) and logs it in on a new device. */
    Login registerAndLogin(int port, String username, String password) throws IOException, InterruptedException {
        JsonObject credentials = new JsonObject().put("username", username).put("password", password);
        HttpResponse<String> registered = post(port, "/v1/auth/register", credentials);
        assertThat(registered.statusCode()).as("register %s: %s", username, registered.body()).isEqualTo(201);
        return login(port, credentials);
    }

    /** Logs in with {@code body} ({@code username}, {@code password}, optionally {@code deviceId}). */
    Login login(int port, JsonObject body) throws IOException, InterruptedException {
        HttpResponse<String> answer = post(port, "/v1/auth/login", body);
        assertThat(answer.statusCode()).as("login: %s", answer.body()).isEqualTo(200);
        JsonObject json = new JsonObject(answer.body());
        return new Login(json.getString("accessToken"), UUID.fromString(json.getString("userId")),
                UUID.fromString(json.getString("deviceId")), json.getLong("lastSeq"));
    }

    private HttpResponse<String> post(int port, String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Opens {@code /v1/ws} with the token in the Authorization header; blocking until upgraded. */
    WebSocket connect(int port, String accessToken) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port).setURI("/v1/ws")
                .addHeader("Authorization", "Bearer " + accessToken);
        return webSockets.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Vert.x did not close", e);
        }
    }
}
