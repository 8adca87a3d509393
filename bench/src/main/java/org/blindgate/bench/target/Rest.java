package org.blindgate.bench.target;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;

/** JSON over HTTP for the setup phase (registration, login); never used while measuring. */
final class Rest {

    private final HttpClient http;
    private final int port;

    Rest(HttpClient http, int port) {
        this.http = http;
        this.port = port;
    }

    /** POSTs {@code body}; completes with the JSON answer, or fails with the status and body. */
    CompletableFuture<JsonObject> post(String path, JsonObject body) {
        CompletableFuture<JsonObject> result = new CompletableFuture<>();
        http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(path)
                        .putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(body.encode()))
                .compose(resp -> resp.body().map(buf -> {
                    if (resp.statusCode() / 100 != 2) {
                        throw new IllegalStateException("POST " + path + " answered " + resp.statusCode() + ": " + buf);
                    }
                    return buf.length() == 0 ? new JsonObject() : buf.toJsonObject();
                }))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else {
                        result.completeExceptionally(ar.cause());
                    }
                });
        return result;
    }
}
