package org.blindgate.gateway.routing;

import org.blindgate.gateway.testing.TestGateway;

class H2RoutingTest extends RoutingScenarios {
    @Override
    protected TestGateway.Db db() {
        return TestGateway.Db.H2;
    }
}
