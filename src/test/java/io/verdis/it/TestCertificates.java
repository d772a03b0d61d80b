package io.verdis.it;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the JDK's keytool (a CA signs requests with -gencert), their
 * keys turned into PEM files as redis-server and Verdis read them. Shared by the tests of every
 * TLS surface (the TLS port, replication, the cluster bus, HTTPS, Pizzaria).
 */
public final class TestCertificates {
  private static final String PASS = "changeit";
  private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

  /** A certificate and its key, as PEM files. */
  public record Identity(Path cert, Path key, PrivateKey privateKey, Certificate certificate) {
  }

  private final Path dir;

  public TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A self-signed certificate authority. */
  public Identity authority(String name) throws Exception {
    Path store = keyPair(name, "bc:c");
    Path cert = dir.resolve(name + ".crt");
    keytool("-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", PASS, "-alias", "key",
        "-file", cert.toString());
    return identity(name, store, cert);
  }

  /** A certificate for 127.0.0.1 and localhost signed by {@code ca}; {@code expired}: valid only in the past. */
  public Identity issue(Identity ca, String name, boolean expired) throws Exception {
    Path store = keyPair(name, null);
    Path request = dir.resolve(name + ".csr");
    keytool("-certreq", "-keystore", store.toString(), "-storepass", PASS, "-alias", "key", "-file", request.toString());
    Path cert = dir.resolve(name + ".crt");
    List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc",
        "-keystore", dir.resolve(storeName(ca)).toString(), "-storepass", PASS, "-alias", "key",
        "-infile", request.toString(), "-outfile", cert.toString(),
        "-ext", "SAN=ip:127.0.0.1,dns:localhost"));
    gencert.addAll(expired ? List.of("-startdate", "-10d", "-validity", "1") : List.of("-validity", "30"));
    keytool(gencert.toArray(new String[0]));
    return identity(name, store, cert);
  }

  /**
   * The key of {@code identity} encrypted with {@code password} as PKCS#8, by openssl (PBES2 with
   * AES-256, its default): the JDK cannot write that form. Null when openssl is not installed.
   */
  public Path encryptedKey(Identity identity, String password) throws Exception {
    Path openssl = Path.of("/usr/bin/openssl");
    if (!Files.isExecutable(openssl)) {
      return null;
    }
    Path file = dir.resolve(identity.key().getFileName() + ".enc");
    Process process = new ProcessBuilder(openssl.toString(), "pkcs8", "-topk8", "-v2", "aes256",
        "-in", identity.key().toString(), "-out", file.toString(), "-passout", "pass:" + password)
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("openssl pkcs8 failed: " + output);
    }
    return file;
  }

  /** A RESP client over TLS, handshake done; presenting {@code own} (null: no certificate), trusting {@code trusted}. */
  public static RawClient connect(int port, Identity own, Identity trusted) throws Exception {
    SSLSocket socket = (SSLSocket) clientContext(own, trusted).getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    socket.startHandshake();
    return new RawClient(socket);
  }

  /** A client's TLS context: trusting {@code trusted}'s certificate, presenting {@code own} (null: none). */
  public static SSLContext clientContext(Identity own, Identity trusted) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", trusted.certificate());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (own != null) {
      keys.setKeyEntry("key", own.privateKey(), PASS.toCharArray(), new Certificate[] {own.certificate()});
    }
    keyManagers.init(keys, PASS.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    KeyManager[] presenting = own == null ? new KeyManager[0]
        : new KeyManager[] {new AlwaysPresenting((X509KeyManager) keyManagers.getKeyManagers()[0])};
    context.init(presenting, trustManagers.getTrustManagers(), null);
    return context;
  }

  /**
   * Sends its certificate whatever CAs the server names: the JDK's own key manager would keep a
   * certificate of another CA to itself, and the test is that the server refuses it.
   */
  private static final class AlwaysPresenting extends X509ExtendedKeyManager {
    private final X509KeyManager keys;

    AlwaysPresenting(X509KeyManager keys) {
      this.keys = keys;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "key";
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return "key";
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"key"};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }

  private Path keyPair(String name, String extension) throws Exception {
    List<String> args = new ArrayList<>(List.of("-genkeypair", "-keystore", dir.resolve(name + ".p12").toString(),
        "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS, "-alias", "key",
        "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name, "-validity", "30"));
    if (extension != null) {
      args.addAll(List.of("-ext", extension));
    }
    keytool(args.toArray(new String[0]));
    return dir.resolve(name + ".p12");
  }

  private static String storeName(Identity identity) {
    String file = identity.cert().getFileName().toString();
    return file.substring(0, file.length() - ".crt".length()) + ".p12";
  }

  /** The signed certificate from {@code cert}, the key from the keystore written out as PKCS#8 PEM. */
  private Identity identity(String name, Path store, Path cert) throws Exception {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, PASS.toCharArray());
    }
    PrivateKey key = (PrivateKey) keyStore.getKey("key", PASS.toCharArray());
    Path keyFile = dir.resolve(name + ".key");
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    Certificate certificate;
    try (InputStream in = Files.newInputStream(cert)) {
      certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    return new Identity(cert, keyFile, key, certificate);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(KEYTOOL.toString(), "-noprompt"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
