package org.blindgate.vault.attachment;

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
 * PROTOCOL.md §4 attachments: write-once upload, download (whole, or a byte range to resume) by
 * any authenticated caller. Only holders of the key, sent inside a Signal message, can read the
 * bytes; ids are random UUIDs chosen by the uploader. {@code HEAD} answers the headers of a
 * {@code GET} (size, ETag) so a client can plan a resumed download.
 */
public final class AttachmentRoutes {

    private final Attachments attachments;
    private final BearerAuth<Caller> auth;
    private final RateLimiter uploads;
    private final Spool spool;
    private final Blocking blocking;
    private final long maxBytes;

    public AttachmentRoutes(Attachments attachments, BearerAuth<Caller> auth, RateLimiter uploads, Spool spool,
            Blocking blocking, long maxBytes) {
        this.attachments = attachments;
        this.auth = auth;
        this.uploads = uploads;
        this.spool = spool;
        this.blocking = blocking;
        this.maxBytes = maxBytes;
    }

    public void mount(Router router) {
        router.put("/v1/attachments/:attachmentId").handler(auth.wrapUpload(uploads, this::put));
        router.get("/v1/attachments/:attachmentId").handler(auth.wrap(this::get));
        router.head("/v1/attachments/:attachmentId").handler(auth.wrap(this::get));
    }

    private void put(RoutingContext ctx, Caller caller) {
        UUID id = Http.uuidParam(ctx, "attachmentId");
        Uploads.requireOctetStream(ctx);
        // Refuse a taken id before a byte of a possibly large body is read.
        blocking.run(() -> attachments.exists(id))
                .compose(exists -> {
                    if (exists) {
                        throw new ApiException(HttpError.CONFLICT, "attachment " + id + " exists; attachments are write-once");
                    }
                    return Upload.receive(ctx, spool, maxBytes, "attachment");
                })
                .compose(spooled -> blocking.run(() -> attachments.put(id, spooled))
                        .map(outcome -> {
                            Uploads.answer(ctx, outcome, spooled,
                                    "attachment " + id + " exists; attachments are write-once");
                            return outcome;
                        }))
                .onFailure(e -> Http.failure(ctx, e));
    }

    private void get(RoutingContext ctx, Caller caller) {
        UUID id = Http.uuidParam(ctx, "attachmentId");
        blocking.run(() -> attachments.find(id)).onComplete(ar -> {
            if (ar.failed()) {
                Http.failure(ctx, ar.cause());
            } else if (ar.result().isEmpty()) {
                Http.error(ctx, new ApiException(HttpError.NOT_FOUND, "no such attachment"));
            } else {
                Download.send(ctx, attachments.objects(), ar.result().get(), blocking);
            }
        });
    }
}
