package org.satit.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations and datasets are found by listing their folder, in a build's directory and in a jar alike. */
class ResourceFolderTest {

  @TempDir
  Path dir;

  @Test
  void listsTheFolderInADirectoryAndInAJarAlike() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes/warehouse/migrations/deeper"));
    for (String f : new String[] {"V002__b.sql", "V001__a.sql", "notes.txt"}) {
      Files.writeString(classes.getParent().resolve(f), "SELECT 1;");
    }
    Files.writeString(classes.resolve("V009__not_here.sql"), "SELECT 1;");
    Path jar = dir.resolve("w.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String f : new String[] {"warehouse/migrations/V002__b.sql", "warehouse/migrations/V001__a.sql",
          "warehouse/migrations/notes.txt", "warehouse/migrations/deeper/V009__not_here.sql", "other/V003__c.sql"}) {
        out.putNextEntry(new JarEntry(f)); // no directory entries, as some jars have none
        ((OutputStream) out).write("SELECT 1;".getBytes());
        out.closeEntry();
      }
    }
    assertThat(ResourceFolder.list(dir.resolve("classes"), "warehouse/migrations", ".sql"))
        .containsExactly("V001__a.sql", "V002__b.sql");
    assertThat(ResourceFolder.list(jar, "warehouse/migrations", ".sql")).containsExactly("V001__a.sql", "V002__b.sql");
    assertThatThrownBy(() -> ResourceFolder.list(jar, "warehouse/none", ".sql")).hasMessageContaining("no .sql files");
  }

  @Test
  void theShippedMigrationsAreFoundInOrder() {
    assertThat(Migrations.FILES).first().isEqualTo("V001__ingest_state.sql");
    assertThat(Migrations.FILES).isSorted().hasSizeGreaterThanOrEqualTo(11);
  }
}
