package io.verdis.net;

import io.verdis.server.Config;
import io.verdis.server.InvalidValueException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TCPSSLOptions;
import io.netty.handler.ssl.CipherSuiteConverter;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The tls-* directives as Vert.x's TLS options: the server side of every listener speaking TLS
 * (the TLS port, and the Pizzaria and HTTP ports when pizzaria-tls / http-tls say so), and the
 * client side of the links this node opens (a replica's link under tls-replication, the cluster
 * bus under tls-cluster). The files are read here rather than by Vert.x, so that a bad file is
 * found when it is configured (start-up, CONFIG SET) and not at a handshake, and so that the same
 * paths with new contents make new options: a reload. Failures carry the words Redis 7.0 logs.
 */
public final class TlsSettings {

  /** The directives whose CONFIG SET rebuilds the options (tls-port itself is fixed at start-up). */
  static final List<String> DIRECTIVES = List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass",
      "tls-ca-cert-file", "tls-ca-cert-dir", "tls-auth-clients", "tls-protocols", "tls-ciphers", "tls-ciphersuites",
      "tls-prefer-server-ciphers", "tls-session-caching", "tls-session-cache-size", "tls-session-cache-timeout",
      "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass", "tls-replication",
      "http-tls-auth-clients");

  private static final Set<String> PROTOCOLS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
  private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
  private static final String CA_REQUIRED = "Either tls-ca-cert-file or tls-ca-cert-dir must be specified when "
      + "tls-cluster, tls-replication or tls-auth-clients are enabled!";

  private TlsSettings() {
  }

  /**
   * Checks what start-up needs of the tls-* directives, as Redis's tlsConfigure at start: the
   * server certificate when a listener speaks TLS, the client one when a link does. {@code vertx}
   * may be null (before Vert.x starts): the files are read here, not through it.
   *
   * @throws InvalidValueException with Redis's log line for what is wrong
   */
  public static void check(Config config, Vertx vertx) throws InvalidValueException {
    if (config.clusterEnabled() && config.tlsCluster() && config.clusterAnnounceTlsPort() == 0) {
      // Redirects and CLUSTER SLOTS would send TLS clients to port 0, and follower copies would replicate from it.
      throw new InvalidValueException("tls-cluster needs a tls-port: the cluster announces it to clients and copies");
    }
    if (serves(config)) {
      server(config, vertx);
    }
    if (config.httpTls()) {
      http(config, vertx);
    }
    if (connects(config)) {
      client(config, vertx);
    }
  }

  /** Whether a RESP or Pizzaria listener of this node speaks TLS (the event bus's too, under tls-cluster). */
  static boolean serves(Config config) {
    return config.tlsPort() > 0 || config.pizzariaTls() || config.tlsCluster();
  }

  /** Whether a link this node opens speaks TLS. */
  static boolean connects(Config config) {
    return config.tlsReplication() || config.tlsCluster();
  }

  /** The options of the RESP and Pizzaria listeners speaking TLS, checked: the key must load and match. */
  public static ServerSSLOptions server(Config config, Vertx vertx) throws InvalidValueException {
    return server(config, vertx, clientAuth(config.tlsAuthClients()));
  }

  /** The options of HTTPS: the same certificate, clients' certificates as http-tls-auth-clients says. */
  static ServerSSLOptions http(Config config, Vertx vertx) throws InvalidValueException {
    return server(config, vertx, clientAuth(config.httpTlsAuthClients()));
  }

  private static ServerSSLOptions server(Config config, Vertx vertx, ClientAuth clientAuth)
      throws InvalidValueException {
    PemKeyCertOptions keyCert = keyCert(config.tlsCertFile(), config.tlsKeyFile(), config.tlsKeyFilePass(), vertx);
    PemTrustOptions trust = trust(config);
    if (trust == null && (clientAuth != ClientAuth.NONE || config.tlsReplication() || config.tlsCluster())) {
      throw new InvalidValueException(CA_REQUIRED);
    }
    ServerSSLOptions options = new ServerSSLOptions()
        .setKeyCertOptions(keyCert)
        .setClientAuth(clientAuth)
        .setEnabledSecureTransportProtocols(protocols(config.tlsProtocols()));
    if (trust != null) {
      options.setTrustOptions(trust);
    }
    cipherSuites(config).forEach(options::addEnabledCipherSuite);
    return options;
  }

  /**
   * The options of a link this node opens: it presents tls-client-cert-file (else tls-cert-file)
   * and trusts the tls-ca-cert-* authorities. No host name check, as Redis makes none: the peer is
   * whoever holds a certificate of the configured CA.
   */
  public static ClientSSLOptions client(Config config, Vertx vertx) throws InvalidValueException {
    PemKeyCertOptions keyCert = keyCert(config.tlsClientCertFile(), config.tlsClientKeyFile(),
        config.tlsClientKeyFilePass(), vertx);
    PemTrustOptions trust = trust(config);
    if (trust == null) {
      throw new InvalidValueException(CA_REQUIRED);
    }
    ClientSSLOptions options = new ClientSSLOptions()
        .setKeyCertOptions(keyCert)
        .setTrustOptions(trust)
        .setHostnameVerificationAlgorithm("")
        .setEnabledSecureTransportProtocols(protocols(config.tlsProtocols()));
    cipherSuites(config).forEach(options::addEnabledCipherSuite);
    return options;
  }

  /** Plain listener options made to speak TLS with {@code ssl}. */
  static NetServerOptions applyTo(NetServerOptions options, ServerSSLOptions ssl) {
    applyTo((TCPSSLOptions) options, ssl);
    options.setClientAuth(ssl.getClientAuth());
    return options;
  }

  /** HTTP server options made to speak TLS (HTTPS) with {@code ssl}. */
  public static HttpServerOptions applyTo(HttpServerOptions options, ServerSSLOptions ssl) {
    applyTo((TCPSSLOptions) options, ssl);
    options.setClientAuth(ssl.getClientAuth());
    return options;
  }

  /**
   * The clustered event bus made to speak mutual TLS: each node is both server and client of the
   * others, so it presents its certificate both ways and requires theirs, whatever
   * tls-auth-clients says of clients.
   */
  public static EventBusOptions applyTo(EventBusOptions options, ServerSSLOptions server, ClientSSLOptions client) {
    applyTo((TCPSSLOptions) options, server);
    options.setClientAuth(ClientAuth.REQUIRED);
    options.setTrustOptions(client.getTrustOptions());
    return options;
  }

  private static void applyTo(TCPSSLOptions options, SSLOptions ssl) {
    options.setSsl(true)
        .setKeyCertOptions(ssl.getKeyCertOptions())
        .setTrustOptions(ssl.getTrustOptions())
        .setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols());
    ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
  }

  /** Redis's tls-auth-clients: yes requires a certificate, optional checks one when sent. */
  private static ClientAuth clientAuth(String value) {
    return switch (value) {
      case "no" -> ClientAuth.NONE;
      case "optional" -> ClientAuth.REQUEST;
      default -> ClientAuth.REQUIRED;
    };
  }

  private static PemKeyCertOptions keyCert(String certFile, String keyFile, String password, Vertx vertx)
      throws InvalidValueException {
    if (certFile.isEmpty()) {
      throw new InvalidValueException("No tls-cert-file configured!");
    }
    if (keyFile.isEmpty()) {
      throw new InvalidValueException("No tls-key-file configured!");
    }
    byte[] cert = read(certFile, "Failed to load certificate");
    try {
      CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(cert));
    } catch (GeneralSecurityException e) {
      throw new InvalidValueException("Failed to load certificate: " + certFile + ": " + e.getMessage());
    }
    byte[] key = read(keyFile, "Failed to load private key");
    PemKeyCertOptions keyCert;
    try {
      key = EncryptedKey.decrypted(key, password);
      keyCert = new PemKeyCertOptions().setCertValue(Buffer.buffer(cert)).setKeyValue(Buffer.buffer(key));
      keyCert.getKeyManagerFactory(vertx);
    } catch (Exception e) {
      throw new InvalidValueException("Failed to load private key: " + keyFile + ": " + e.getMessage());
    }
    return keyCert;
  }

  /** The CA certificates clients' certificates must chain to; null when none is configured. */
  private static PemTrustOptions trust(Config config) throws InvalidValueException {
    PemTrustOptions trust = new PemTrustOptions();
    String caFailed = "Failed to configure CA certificate(s) file/directory";
    if (!config.tlsCaCertFile().isEmpty()) {
      trust.addCertValue(Buffer.buffer(certificates(read(config.tlsCaCertFile(), caFailed), config.tlsCaCertFile())));
    }
    if (!config.tlsCaCertDir().isEmpty()) {
      // OpenSSL's directory holds the certificates under hashed names (c_rehash): any file that
      // is a PEM certificate counts, whatever its name.
      try (Stream<Path> files = Files.list(Path.of(config.tlsCaCertDir()))) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          byte[] content = Files.readAllBytes(file);
          if (new String(content, StandardCharsets.US_ASCII).contains(PEM_CERTIFICATE)) {
            trust.addCertValue(Buffer.buffer(certificates(content, file.toString())));
          }
        }
      } catch (IOException e) {
        throw new InvalidValueException(caFailed + ": " + config.tlsCaCertDir() + ": " + e.getMessage());
      }
    }
    return trust.getCertValues().isEmpty() ? null : trust;
  }

  private static byte[] certificates(byte[] pem, String file) throws InvalidValueException {
    try {
      if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).isEmpty()) {
        throw new InvalidValueException("Failed to configure CA certificate(s) file/directory: " + file
            + ": no certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidValueException("Failed to configure CA certificate(s) file/directory: " + file + ": "
          + e.getMessage());
    }
    return pem;
  }

  /** Redis's tls-protocols: any of TLSv1 … TLSv1.3, space-separated; empty is TLSv1.2 and TLSv1.3. */
  private static Set<String> protocols(String value) throws InvalidValueException {
    if (value.isBlank()) {
      return new LinkedHashSet<>(List.of("TLSv1.2", "TLSv1.3"));
    }
    Set<String> protocols = new LinkedHashSet<>();
    for (String name : value.trim().split("\\s+")) {
      String known = PROTOCOLS.stream().filter(p -> p.equalsIgnoreCase(name)).findFirst()
          .orElseThrow(() -> new InvalidValueException("Invalid tls-protocols specified. Use a combination of "
              + "'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'."));
      protocols.add(known);
    }
    return protocols;
  }

  /**
   * tls-ciphers (TLSv1.2 and below) and tls-ciphersuites (TLSv1.3), as OpenSSL lists them
   * (colon-separated); each name may be OpenSSL's or the IANA one Java uses. Setting one leaves
   * the other protocol's suites at the JDK's defaults, as with OpenSSL; setting neither changes
   * nothing (empty set: the defaults).
   */
  private static Set<String> cipherSuites(Config config) throws InvalidValueException {
    Set<String> suites = new LinkedHashSet<>();
    if (config.tlsCiphers().isBlank() && config.tlsCiphersuites().isBlank()) {
      return suites;
    }
    List<String> defaults;
    Set<String> supported;
    try {
      SSLContext context = SSLContext.getDefault();
      defaults = Arrays.asList(context.getDefaultSSLParameters().getCipherSuites());
      supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
    } catch (GeneralSecurityException e) {
      throw new InvalidValueException("Failed to configure ciphers: " + e.getMessage());
    }
    addSuites(suites, config.tlsCiphers(), defaults, supported, false, "Failed to configure ciphers: ");
    addSuites(suites, config.tlsCiphersuites(), defaults, supported, true, "Failed to configure ciphersuites: ");
    return suites;
  }

  private static void addSuites(Set<String> suites, String list, List<String> defaults, Set<String> supported,
                                boolean tls13, String failure) throws InvalidValueException {
    if (list.isBlank()) {
      defaults.stream().filter(suite -> isTls13(suite) == tls13).forEach(suites::add);
      return;
    }
    for (String name : list.trim().split(":")) {
      String java = name.startsWith("TLS_") || name.startsWith("SSL_") ? name : CipherSuiteConverter.toJava(name, "TLS");
      if (java == null || !supported.contains(java)) {
        throw new InvalidValueException(failure + "unknown or unsupported cipher suite " + name);
      }
      suites.add(java);
    }
  }

  /** TLSv1.3's suites name no key exchange: TLS_AES_128_GCM_SHA256, not TLS_ECDHE_…_WITH_…. */
  private static boolean isTls13(String suite) {
    return suite.startsWith("TLS_") && !suite.contains("_WITH_");
  }

  private static byte[] read(String file, String failure) throws InvalidValueException {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw new InvalidValueException(failure + ": " + file + ": " + e.getMessage());
    }
  }
}
