package org.blindgate.vault.store;

import org.blindgate.vault.testing.TestVault;

class PostgresSenderAnonymityTest extends SenderAnonymityScenarios {
    @Override
    TestVault.Store store() {
        return TestVault.Store.POSTGRES;
    }
}
