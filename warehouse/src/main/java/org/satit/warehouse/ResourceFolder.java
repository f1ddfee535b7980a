package org.satit.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files of one classpath folder with a given ending, by name, whether the folder lies in a directory (a build)
 * or in a jar (satit.jar): a migration or a dataset is added by adding its file, never by listing it somewhere else.
 */
public final class ResourceFolder {

  private ResourceFolder() {
  }

  /**
   * The names (without the folder) of the files directly in {@code folder} ending in {@code suffix}, sorted. The
   * folder is looked for where this class was loaded from (the warehouse's classes directory or the jar holding it):
   * warehouse resources live there.
   */
  public static List<String> list(String folder, String suffix) {
    try {
      return list(Path.of(ResourceFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI()), folder, suffix);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same in the classes directory or jar {@code home}. */
  static List<String> list(Path home, String folder, String suffix) {
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    TreeSet<String> out = new TreeSet<>();
    try {
      if (Files.isDirectory(home)) {
        Path dir = home.resolve(prefix);
        if (Files.isDirectory(dir)) {
          try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).forEach(out::add);
          }
        }
      } else {
        try (JarFile jar = new JarFile(home.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            if (name.startsWith(prefix) && name.endsWith(suffix) && name.indexOf('/', prefix.length()) < 0) {
              out.add(name.substring(prefix.length()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no " + suffix + " files in classpath folder " + prefix);
    }
    return List.copyOf(out);
  }
}
