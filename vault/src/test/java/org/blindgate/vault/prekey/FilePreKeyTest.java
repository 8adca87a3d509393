package org.blindgate.vault.prekey;

import org.blindgate.vault.testing.TestVault;

class FilePreKeyTest extends PreKeyScenarios {
    @Override
    TestVault.Store store() {
        return TestVault.Store.FILES;
    }
}
