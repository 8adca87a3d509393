package org.blindgate.vault.prekey;

import org.blindgate.vault.testing.TestVault;

class PostgresPreKeyTest extends PreKeyScenarios {
    @Override
    TestVault.Store store() {
        return TestVault.Store.POSTGRES;
    }
}
