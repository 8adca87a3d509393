package org.blindgate.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.blindgate.bench.load.Latency;
import org.blindgate.bench.load.Link;
import org.blindgate.bench.target.GatewayTarget;

/**
 * Opens many authenticated, receive-only gateway connections, {@code concurrency} upgrades at a
 * time, spread over the generator's event loops and source addresses; each connection's
 * upgrade time (TCP connect, HTTP upgrade, token check, device lookup) goes to a histogram.
 */
final class Connections implements AutoCloseable {

    final List<Link> links = new ArrayList<>();
    final Latency latency = new Latency();
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    final AtomicLong lost = new AtomicLong();
    double seconds;

    /** Opens one connection per account {@code first..first+count-1}; returns once all are open or failed. */
    static Connections open(Run run, GatewayTarget gateway, int first, int count, int concurrency)
            throws InterruptedException {
        Connections c = new Connections();
        c.latency.reset();
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<Link>> all = new ArrayList<>(count);
        Link.Listener listener = new Link.Listener() {
            @Override
            public void acked(int sender, long counter) {
            }

            @Override
            public void received(int sender, long counter, long seq) {
            }

            @Override
            public void problem(String what) {
                c.lost.incrementAndGet();
                if (c.problems.size() < 10) {
                    c.problems.add(what);
                }
            }
        };
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            permits.acquire();
            long t = System.nanoTime();
            CompletableFuture<Link> f = gateway.open(i, first + i, null, run.clients.context(i), listener);
            f.whenComplete((link, e) -> {
                permits.release();
                if (e == null) {
                    c.latency.recordNanos(System.nanoTime() - t);
                } else if (c.problems.size() < 10) {
                    c.problems.add("connection failed: " + e.getMessage());
                }
            });
            all.add(f);
            if ((i + 1) % 5000 == 0) {
                run.progress.line("[%s] %,d of %,d connections opened", gateway.name(), i + 1, count);
            }
        }
        for (CompletableFuture<Link> f : all) {
            try {
                c.links.add(f.get(2, TimeUnit.MINUTES));
            } catch (Exception e) {
                // counted in problems
            }
        }
        c.seconds = (System.nanoTime() - started) / 1e9;
        return c;
    }

    @Override
    public void close() {
        for (Link l : links) {
            l.close();
        }
    }
}
