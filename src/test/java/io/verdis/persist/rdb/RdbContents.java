package io.verdis.persist.rdb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything an RDB file delivered to its visitor, in comparable form. */
final class RdbContents implements RdbVisitor {
  final Map<String, String> aux = new LinkedHashMap<>();
  final List<Integer> selectedDbs = new ArrayList<>();
  final List<long[]> resizes = new ArrayList<>();
  final List<String> functions = new ArrayList<>();
  /** db → key → value. */
  final Map<Integer, Map<String, Stored>> dbs = new TreeMap<>();

  static RdbContents read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in);
    }
  }

  static RdbContents read(InputStream in) throws IOException {
    RdbContents contents = new RdbContents();
    RdbReader.read(in, contents);
    return contents;
  }

  static RdbContents read(byte[] file) throws IOException {
    return read(new java.io.ByteArrayInputStream(file));
  }

  @Override
  public void aux(byte[] name, byte[] value) {
    aux.put(Bytes.text(name), Bytes.text(value));
  }

  @Override
  public void selectDb(int db) {
    selectedDbs.add(db);
  }

  @Override
  public void resizeDb(long size, long expiresSize) {
    resizes.add(new long[] {size, expiresSize});
  }

  @Override
  public void function(byte[] libraryCode) {
    functions.add(Bytes.text(libraryCode));
  }

  @Override
  public void entry(int db, byte[] key, RdbValue value, long expireAtMs) {
    Stored previous = dbs.computeIfAbsent(db, d -> new TreeMap<>()).put(Bytes.text(key), Stored.of(value, expireAtMs));
    if (previous != null) {
      throw new AssertionError("key " + Bytes.text(key) + " twice in db " + db);
    }
  }
}
