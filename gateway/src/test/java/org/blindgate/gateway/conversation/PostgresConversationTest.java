package org.blindgate.gateway.conversation;

import org.blindgate.gateway.testing.TestGateway;

class PostgresConversationTest extends ConversationScenarios {
    @Override
    protected TestGateway.Db db() {
        return TestGateway.Db.POSTGRES;
    }
}
