package org.blindgate.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * Where blocking JDBC runs: a named worker pool sized to the connection pool, so event loops
 * never block and a burst of requests waits for a connection in a bounded place.
 */
public final class Blocking implements AutoCloseable {

    private final WorkerExecutor workers;

    public Blocking(Vertx vertx, int size) {
        this.workers = vertx.createSharedWorkerExecutor("blindgate-db", size);
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
