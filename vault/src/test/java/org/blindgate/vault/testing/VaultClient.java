package org.blindgate.vault.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small real HTTP client for the vault's REST calls, for tests. */
public final class VaultClient {

    /** A raw answer: status, headers, body bytes, and the body as JSON when it is JSON. */
    public record Response(int status, HttpHeaders headers, byte[] bytes) {
        public JsonNode json() {
            try {
                return bytes.length == 0 ? null : JSON.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + new String(bytes), e);
            }
        }

        public String errorCode() {
            JsonNode body = json();
            return body == null ? null : body.path("error").path("code").asText(null);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public VaultClient(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public Response put(String path, byte[] body, String token) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), token);
    }

    public Response putJson(String path, Object body, String token) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(text)), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    public Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), token);
    }

    /** Sends {@code request} with the bearer token (if any) and reads the whole answer. */
    public Response send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<byte[]> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
