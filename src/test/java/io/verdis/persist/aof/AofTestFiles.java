package io.verdis.persist.aof;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Building AOF bytes and reading them back, for the tests of this package. */
final class AofTestFiles {
  private AofTestFiles() {
  }

  static byte[] record(String... args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return record(bytes);
  }

  /** A record as Redis writes it (catAppendOnlyGenericCommand). */
  static byte[] record(byte[]... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] arg : args) {
      out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(arg);
      out.writeBytes(new byte[] {'\r', '\n'});
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Every record of the file, as lists of UTF-8 strings, read with the given buffer size. */
  static List<List<String>> readAll(Path file, int bufferSize) throws IOException {
    List<List<String>> records = new ArrayList<>();
    try (AofRecordReader reader = new AofRecordReader(file, 0, bufferSize)) {
      byte[][] argv;
      while ((argv = reader.next()) != null) {
        records.add(Arrays.stream(argv).map(a -> new String(a, StandardCharsets.UTF_8)).toList());
      }
    }
    return records;
  }

  static Path write(Path dir, String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }
}
