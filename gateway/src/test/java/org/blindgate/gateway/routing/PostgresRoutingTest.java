package org.blindgate.gateway.routing;

import org.blindgate.gateway.testing.TestGateway;

class PostgresRoutingTest extends RoutingScenarios {
    @Override
    protected TestGateway.Db db() {
        return TestGateway.Db.POSTGRES;
    }
}
