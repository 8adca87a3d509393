package org.blindgate.vault.blob;

import org.blindgate.vault.testing.TestVault;

class PostgresBlobTest extends BlobScenarios {
    @Override
    TestVault.Store store() {
        return TestVault.Store.POSTGRES;
    }
}
