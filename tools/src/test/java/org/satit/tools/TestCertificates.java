package org.satit.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A self-signed server certificate for 127.0.0.1, made with the JDK's keytool (as an operator would). */
final class TestCertificates {

  private TestCertificates() {
  }

  /** Writes the PKCS#12 key store (key and certificate) and the certificate alone as PEM. */
  static void selfSigned(Path keyStore, Path pem, String password) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(List.of(keytool, "-genkeypair", "-alias", "satit", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password));
    Files.createDirectories(pem.getParent());
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", "satit", "-keystore", keyStore.toString(),
        "-storepass", password, "-file", pem.toString()));
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd.subList(0, 2)) + " failed: " + out);
    }
  }
}
