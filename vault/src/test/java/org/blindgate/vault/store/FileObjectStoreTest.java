package org.blindgate.vault.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FileObjectStoreTest extends ObjectStoreScenarios {
    @Override
    boolean postgres() {
        return false;
    }

    @Test
    void namesFilesAfterVaultMadeUuidsUnderTheRootOnly() throws IOException {
        FileStorage files = (FileStorage) store;
        UUID id = UUID.randomUUID();
        store.put(id, Files.write(spool.newFile(), new byte[] {1}), 1);

        Path file = files.path(id);
        assertThat(file).isEqualTo(files.root().resolve(id.toString().substring(0, 2)).resolve(id.toString()));
        assertThat(file.normalize().startsWith(files.root())).isTrue();
        try (Stream<Path> all = Files.walk(files.root())) {
            assertThat(all.filter(Files::isRegularFile).toList()).containsExactly(file);
        }
        try (Stream<Path> tmp = Files.list(spool.dir())) {
            assertThat(tmp.toList()).as("the spool file was renamed into place").isEmpty();
        }
    }
}
