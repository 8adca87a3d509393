package org.blindgate.gateway.auth;

import org.blindgate.gateway.testing.TestGateway;

class H2AccountTest extends AccountScenarios {
    @Override
    protected TestGateway.Db db() {
        return TestGateway.Db.H2;
    }
}
