package org.blindgate.cli;

import org.blindgate.e2e.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One gateway and vault for all tests of a class; tests keep apart by their own users ({@link Person}). */
abstract class OnServers {

    static Servers servers;

    @BeforeAll
    static void startServers() {
        servers = Servers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }
}
