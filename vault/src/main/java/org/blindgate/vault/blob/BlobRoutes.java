package org.blindgate.vault.blob;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.blindgate.service.auth.BearerAuth;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.blindgate.token.RateLimiter;
import org.blindgate.vault.auth.Caller;
import org.blindgate.vault.http.Download;
import org.blindgate.vault.http.Upload;
import org.blindgate.vault.http.Uploads;
import org.blindgate.vault.store.Blocking;
import org.blindgate.vault.store.Spool;

/**
 * PROTOCOL.md §4 blobs. Anyone authenticated may upload to any address (the vault keeps no social
 * graph to check it against, and records no uploader); only the addressed device (token {@code sub}
 * and {@code did}) can read or delete, and everyone else gets {@code 404}, so whether a blob exists
 * never leaks.
 */
public final class BlobRoutes {

    private final Blobs blobs;
    private final BearerAuth<Caller> auth;
    private final RateLimiter uploads;
    private final Spool spool;
    private final Blocking blocking;
    private final long maxBytes;

    public BlobRoutes(Blobs blobs, BearerAuth<Caller> auth, RateLimiter uploads, Spool spool, Blocking blocking, long maxBytes) {
        this.blobs = blobs;
        this.auth = auth;
        this.uploads = uploads;
        this.spool = spool;
        this.blocking = blocking;
        this.maxBytes = maxBytes;
    }

    public void mount(Router router) {
        router.put("/v1/blobs/:messageId/:recipientId/:deviceId").handler(auth.wrapUpload(uploads, this::put));
        router.get("/v1/blobs/:messageId").handler(auth.wrap(this::get));
        router.delete("/v1/blobs/:messageId").handler(auth.wrap(this::delete));
    }

    private void put(RoutingContext ctx, Caller caller) {
        BlobAddress address = new BlobAddress(Http.uuidParam(ctx, "messageId"), Http.uuidParam(ctx, "recipientId"),
                Http.uuidParam(ctx, "deviceId"));
        Uploads.requireOctetStream(ctx);
        Upload.receive(ctx, spool, maxBytes, "blob")
                .compose(spooled -> blocking.run(() -> blobs.put(address, spooled))
                        .map(outcome -> {
                            Uploads.answer(ctx, outcome, spooled, "another blob is stored at this address");
                            return outcome;
                        }))
                .onFailure(e -> Http.failure(ctx, e));
    }

    /** The caller's own address for {@code messageId}: its token's user and device. */
    private static BlobAddress own(RoutingContext ctx, Caller caller) {
        UUID messageId = Http.uuidParam(ctx, "messageId");
        return new BlobAddress(messageId, caller.userId(), caller.deviceId());
    }

    private void get(RoutingContext ctx, Caller caller) {
        BlobAddress address = own(ctx, caller);
        blocking.run(() -> blobs.find(address)).onComplete(ar -> {
            if (ar.failed()) {
                Http.failure(ctx, ar.cause());
            } else if (ar.result().isEmpty()) {
                Http.error(ctx, new ApiException(HttpError.NOT_FOUND, "no blob for this device"));
            } else {
                Download.send(ctx, blobs.objects(), ar.result().get(), blocking);
            }
        });
    }

    private void delete(RoutingContext ctx, Caller caller) {
        BlobAddress address = own(ctx, caller);
        blocking.run(() -> blobs.delete(address)).onComplete(ar -> {
            if (ar.failed()) {
                Http.failure(ctx, ar.cause());
            } else if (!ar.result()) {
                Http.error(ctx, new ApiException(HttpError.NOT_FOUND, "no blob for this device"));
            } else {
                Http.noContent(ctx);
            }
        });
    }
}
