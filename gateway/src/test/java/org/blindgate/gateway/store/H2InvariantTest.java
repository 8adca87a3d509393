package org.blindgate.gateway.store;

import org.blindgate.gateway.testing.TestGateway;

class H2InvariantTest extends InvariantScenarios {
    @Override
    protected TestGateway.Db db() {
        return TestGateway.Db.H2;
    }
}
