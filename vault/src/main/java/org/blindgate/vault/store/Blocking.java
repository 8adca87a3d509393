package org.blindgate.vault.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * Where blocking work runs (JDBC, file reads and fsyncs, a remote JWKS fetch): a named worker
 * pool, so event loops never block and a burst waits in a bounded place.
 */
public final class Blocking implements AutoCloseable {

    private final WorkerExecutor workers;

    public Blocking(Vertx vertx, String name, int size) {
        this.workers = vertx.createSharedWorkerExecutor(name, size);
    }

    /** Runs {@code work} on the pool; the future completes on the caller's context. */
    public <T> Future<T> run(Callable<T> work) {
        return workers.executeBlocking(work, false);
    }

    @Override
    public void close() {
        workers.close();
    }
}
