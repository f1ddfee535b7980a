package org.satit.api.ingest;

import java.nio.file.Path;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS listener through which the TaskManagers deliver their batches ({@code ingest.tls}): a second Jetty
 * connector with the server's key and certificate from a PKCS#12 key store. With it configured, the ingest
 * endpoint takes batches only over TLS.
 *
 * @param port     where it listens (0: any free port, see {@code SatitServer.tlsPort})
 * @param keyStore the PKCS#12 file with the server's private key and certificate chain
 * @param password the key store's password (from an environment variable, never the config file)
 */
public record IngestTls(int port, Path keyStore, String password) {

  @Override
  public String toString() {
    return "IngestTls[port=" + port + ", keyStore=" + keyStore + "]"; // never the password
  }

  /** The connector, listening on {@code host}. */
  public Connector connector(Server server, HttpConfiguration plain, String host) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(keyStore.toAbsolutePath().toString());
    ssl.setKeyStoreType("PKCS12");
    ssl.setKeyStorePassword(password);
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    HttpConfiguration https = new HttpConfiguration(plain);
    https.addCustomizer(new SecureRequestCustomizer(false)); // the TaskManagers may address it by IP
    ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
        new HttpConnectionFactory(https));
    c.setHost(host);
    c.setPort(port);
    c.setName("ingest-tls");
    return c;
  }
}
