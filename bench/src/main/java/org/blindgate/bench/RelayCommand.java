package org.blindgate.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.blindgate.bench.relay.RelayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Hidden: the raw relay, run by the bench itself as a separate process. */
@Command(name = "relay", hidden = true, mixinStandardHelpOptions = true,
        description = "Runs the raw relay (started by the pairs scenario as its own process).")
final class RelayCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", defaultValue = "0")
    int port;

    @Override
    public Integer call() throws Exception {
        RelayServer relay = RelayServer.start(host, port);
        System.out.println("relay listening on " + host + ":" + relay.port());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "relay-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }
}
