package org.blindgate.gateway.store;

import org.blindgate.gateway.testing.TestGateway;

class PostgresInvariantTest extends InvariantScenarios {
    @Override
    protected TestGateway.Db db() {
        return TestGateway.Db.POSTGRES;
    }
}
