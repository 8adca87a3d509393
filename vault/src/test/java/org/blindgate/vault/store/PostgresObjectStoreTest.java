package org.blindgate.vault.store;

class PostgresObjectStoreTest extends ObjectStoreScenarios {
    @Override
    boolean postgres() {
        return true;
    }
}
