package org.blindgate.vault.store;

import org.blindgate.vault.testing.TestVault;

class FileSenderAnonymityTest extends SenderAnonymityScenarios {
    @Override
    TestVault.Store store() {
        return TestVault.Store.FILES;
    }
}
