package org.blindgate.vault.attachment;

import org.blindgate.vault.testing.TestVault;

class FileAttachmentTest extends AttachmentScenarios {
    @Override
    TestVault.Store store() {
        return TestVault.Store.FILES;
    }
}
