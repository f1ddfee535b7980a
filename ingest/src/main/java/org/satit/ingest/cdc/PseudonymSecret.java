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
    return load(file);
  }

  /** Reads the hex secret in {@code file} (it must exist); the error names the file, never its content. */
  public static byte[] load(Path file) throws IOException {
    try {
      byte[] secret = HexFormat.of().parseHex(Files.readString(file).strip());
      if (secret.length < 32) {
        throw new IOException("the pseudonym secret in " + file + " is shorter than 32 bytes");
      }
      return secret;
    } catch (IllegalArgumentException notHex) {
      throw new IOException("the pseudonym key file " + file + " does not hold a hex secret");
    }
  }
}
