package org.blindgate.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.blindgate.bench.files.FileServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Hidden: the static-file baseline of the vault scenario, run by the bench itself as a separate process. */
@Command(name = "file-server", hidden = true, mixinStandardHelpOptions = true,
        description = "Runs the static-file baseline (started by the vault scenario as its own process).")
final class FileServerCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", defaultValue = "0")
    int port;

    @Option(names = "--dir", required = true)
    Path dir;

    @Option(names = "--io-threads", defaultValue = "8")
    int ioThreads;

    @Option(names = "--fsync", defaultValue = "true", arity = "1")
    boolean fsync;

    @Override
    public Integer call() throws Exception {
        FileServer server = FileServer.start(host, port, dir, ioThreads, fsync);
        System.out.println("file server listening on " + host + ":" + server.port());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "file-server-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }
}
