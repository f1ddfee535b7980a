package org.satit.ingest.cdc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The secret behind the pseudonyms: from configuration, or (demo) generated once into the data directory. */
public final class PseudonymSecret {

  private PseudonymSecret() {
  }

  /** Reads the hex secret in {@code file}, creating a random 256-bit one (owner-only) if it is missing. */
  public static byte[] loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
    }
    return HexFormat.of().parseHex(Files.readString(file).strip());
  }
}
