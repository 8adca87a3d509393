package org.blindgate.gateway.conversation;

import org.blindgate.gateway.testing.TestGateway;

class H2ConversationTest extends ConversationScenarios {
    @Override
    protected TestGateway.Db db() {
        return TestGateway.Db.H2;
    }
}
