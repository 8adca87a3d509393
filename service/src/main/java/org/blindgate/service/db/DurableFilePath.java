package org.blindgate.service.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's file system with synchronous writes: files it opens for writing are opened with
 * {@code O_DSYNC} ({@code "rwd"}), so a write returns only once its data is on the device.
 *
 * <p>Why: with {@code WRITE_DELAY=0} H2 writes a commit's pages to its file before the commit
 * returns, but never asks the operating system to flush them (H2 syncs on close and checkpoint
 * only). A committed, acknowledged message would then survive a killed process but not a power
 * loss or kernel crash, which breaks "no ack before the message is durable" (DESIGN.md
 * invariant 4). H2 writes a commit's chunk from the committing thread, so with this scheme each
 * commit waits for the device, as PostgreSQL's does; group commit keeps that to one wait per
 * batch. URLs use it as {@code jdbc:h2:durable:/path/to/db}.
 *
 * <p>Public, with a public constructor, only because H2 creates one per path by reflection.
 */
public final class DurableFilePath extends FilePathWrapper {

    private static final String SCHEME = "durable";
    /** What H2 URLs name it by: {@code jdbc:h2:durable:/path/to/db}. */
    static final String PREFIX = SCHEME + ":";

    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    public DurableFilePath() {
        // for H2's reflection
    }

    /** Registers the scheme with H2, once; H2 must know it before it parses a URL naming it. */
    static void register() {
        if (REGISTERED.compareAndSet(false, true)) {
            FilePath.register(new DurableFilePath());
        }
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return getBase().open("rw".equals(mode) ? "rwd" : mode);
    }
}
