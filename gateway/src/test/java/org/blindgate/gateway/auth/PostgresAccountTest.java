package org.blindgate.gateway.auth;

import org.blindgate.gateway.testing.TestGateway;

class PostgresAccountTest extends AccountScenarios {
    @Override
    protected TestGateway.Db db() {
        return TestGateway.Db.POSTGRES;
    }
}
