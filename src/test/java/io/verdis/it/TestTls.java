package io.verdis.it;

import io.verdis.it.TestCertificates.Identity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test CA and one certificate it signed, which servers present and also present as clients (as
 * Redis uses tls-cert-file for both unless tls-client-cert-file is set): what a test of a TLS link
 * between two servers needs. The directives are the same for Verdis and redis-server.
 */
public record TestTls(Identity ca, Identity node) {

  public static TestTls make(Path dir) throws Exception {
    TestCertificates certificates = new TestCertificates(dir);
    Identity ca = certificates.authority("ca");
    return new TestTls(ca, certificates.issue(ca, "node", false));
  }

  /** tls-cert-file, tls-key-file and tls-ca-cert-file, followed by {@code more}. */
  public String[] directives(String... more) {
    List<String> args = new ArrayList<>(List.of("--tls-cert-file", node.cert().toString(),
        "--tls-key-file", node.key().toString(), "--tls-ca-cert-file", ca.cert().toString()));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  /** A RESP client of the TLS port {@code port}, presenting the node certificate. */
  public RawClient client(int port) throws Exception {
    return TestCertificates.connect(port, node, ca);
  }
}
