package org.blindgate.bench.target;

import org.blindgate.bench.load.LoadDriver;
import org.blindgate.bench.load.Probe;

/**
 * A system under test behind one small interface: start it (as its own process), provision its
 * users before anything is timed, hand out connections, and stop it, leaving nothing behind.
 */
public interface Target extends Probe, AutoCloseable {

    /** Short name for tables and JSON keys: {@code gateway-h2}, {@code relay}, {@code nats}, ... */
    String name();

    /** One line saying what runs and how it is configured, for the report. */
    String description();

    /** Starts the system and returns once it accepts connections. */
    void start() throws Exception;

    /** Creates {@code count} accounts (registered and logged in where the system has accounts). */
    void provision(int count) throws Exception;

    /** Opens connections for the accounts of {@link #provision}. */
    LoadDriver.Connector connector();

    /** Stops the system and removes what it created (processes, databases, directories). */
    @Override
    void close();
}
