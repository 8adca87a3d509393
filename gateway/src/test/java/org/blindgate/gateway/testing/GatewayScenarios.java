package org.blindgate.gateway.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenarios against one real gateway per test class, on the database its subclass names (each
 * {@code *Scenarios} class runs once per database, since H2 and PostgreSQL must behave the same).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayScenarios {

    protected TestGateway gateway;
    protected Api api;

    protected abstract TestGateway.Db db();

    @BeforeAll
    void startGateway() {
        gateway = TestGateway.start(db());
        api = gateway.api();
    }

    @AfterAll
    void stopGateway() {
        gateway.close();
    }
}
