package org.blindgate.bench.target;

import java.util.List;

/**
 * What every system under test that runs as its own child JVM shares: the process (and the
 * PostgreSQL database it may own), flight recordings of the measured part, and an idempotent
 * shutdown. Subclasses start {@link #server} (and {@link #database}) in {@code start()}.
 */
abstract class ProcessTarget {

    protected final TargetEnv env;
    protected ServerJvm server;
    protected PostgresDatabase database;
    private boolean closed;

    protected ProcessTarget(TargetEnv env) {
        this.env = env;
    }

    /** The file name of the next flight recording (with {@code --jfr}). */
    protected abstract String recordingName();

    public int port() {
        return server.port();
    }

    public long pid() {
        return server.pid();
    }

    public List<Long> serverPids() {
        return server == null ? List.of() : server.pids();
    }

    public List<Long> databasePids() {
        return database == null ? List.of() : database.backendPids();
    }

    public void steadyStarted() {
        startRecording();
    }

    public void steadyEnded() {
        stopRecording("steady phase");
    }

    /** With {@code --jfr}: starts a flight recording of the process (a scenario's measured part). */
    public void startRecording() {
        server.startRecording();
    }

    /** With {@code --jfr}: dumps and stops the recording started by {@link #startRecording}. */
    public void stopRecording(String what) {
        server.stopRecording(recordingName(), what, env.progress());
    }

    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
