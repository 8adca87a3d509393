package org.blindgate.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One gateway and vault for all tests of a class; tests keep apart by using their own users
 * ({@link #unique}).
 */
abstract class OnSharedServers {

    static Servers servers;

    @BeforeAll
    static void startServers() {
        servers = Servers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    /** A username no other test uses. */
    static String unique(String name) {
        return name + "-" + Long.toString(System.nanoTime(), 36);
    }
}
