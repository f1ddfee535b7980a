package org.satit.ingest.cdc;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a task of the ingest job finds the pseudonym secret, without the secret itself in the job graph: in the
 * local MiniCluster, by a name under which this JVM holds it; on a Flink cluster, as a secret file mounted on
 * every TaskManager (read when the task opens; never logged).
 */
public sealed interface PseudonymKey extends Serializable {

  /** The secret, read where the task runs. */
  byte[] load() throws IOException;

  /** A secret held by this JVM; the handle names it, nothing more. */
  static PseudonymKey inThisJvm(byte[] secret) {
    String name = UUID.randomUUID().toString();
    InJvm.SECRETS.put(name, secret.clone());
    return new InJvm(name);
  }

  /** The hex secret in a file at this path on every TaskManager. */
  static PseudonymKey file(Path path) {
    return new File(path.toString());
  }

  record InJvm(String name) implements PseudonymKey {
    private static final Map<String, byte[]> SECRETS = new ConcurrentHashMap<>();

    @Override
    public byte[] load() throws IOException {
      byte[] s = SECRETS.get(name);
      if (s == null) {
        throw new IOException("no pseudonym secret held in this JVM under " + name
            + " (an in-process key used on a Flink cluster?)");
      }
      return s.clone();
    }
  }

  record File(String path) implements PseudonymKey {
    @Override
    public byte[] load() throws IOException {
      return PseudonymSecret.load(Path.of(path));
    }
  }
}
