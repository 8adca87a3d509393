package org.blindgate.vault.attachment;

import org.blindgate.vault.testing.TestVault;

class PostgresAttachmentTest extends AttachmentScenarios {
    @Override
    TestVault.Store store() {
        return TestVault.Store.POSTGRES;
    }
}
