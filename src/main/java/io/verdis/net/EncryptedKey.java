package io.verdis.net;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * tls-key-file-pass: Vert.x reads only unencrypted PEM keys, so an encrypted PKCS#8 key
 * ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}, what {@code openssl genpkey -aes256} and
 * {@code openssl pkcs8 -topk8} write) is decrypted here into the plain PKCS#8 PEM Vert.x takes.
 * OpenSSL's older encrypted PKCS#1 form ({@code Proc-Type: 4,ENCRYPTED}) is not supported.
 */
final class EncryptedKey {
  private static final String BEGIN = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
  private static final String END = "-----END ENCRYPTED PRIVATE KEY-----";

  private EncryptedKey() {
  }

  /** The key as Vert.x can read it: {@code pem} itself unless it is an encrypted PKCS#8 key. */
  static byte[] decrypted(byte[] pem, String password) throws GeneralSecurityException {
    String text = new String(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf(BEGIN);
    if (begin < 0) {
      if (text.contains("Proc-Type: 4,ENCRYPTED")) {
        throw new GeneralSecurityException("encrypted PKCS#1 keys are not supported: convert with openssl pkcs8 -topk8");
      }
      return pem;
    }
    if (password.isEmpty()) {
      throw new GeneralSecurityException("the key is encrypted and tls-key-file-pass is empty");
    }
    int end = text.indexOf(END, begin);
    if (end < 0) {
      throw new GeneralSecurityException("no " + END + " line");
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (IOException e) {
      throw new GeneralSecurityException("not an encrypted PKCS#8 key: " + e.getMessage(), e);
    }
    // For PBES2 (OpenSSL's default) the JDK names the algorithm in the parameters, e.g.
    // PBEWithHmacSHA256AndAES_256; the info's own name is just "PBES2".
    String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
    Cipher cipher = Cipher.getInstance(algorithm);
    cipher.init(Cipher.DECRYPT_MODE,
        SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.toCharArray())),
        info.getAlgParameters());
    byte[] plain = info.getKeySpec(cipher).getEncoded();
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(plain);
    return ("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
  }
}
