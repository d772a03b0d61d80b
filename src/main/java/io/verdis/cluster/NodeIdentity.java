package io.verdis.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The node's file inside {@code dir} (Redis's nodes.conf, named by {@code cluster-config-file}):
 * its 40-character id, made once and kept, so a node restarted with the same {@code dir} (a
 * StatefulSet pod with its volume) rejoins as itself and serves its slots again; and the last
 * slot table it saw, which lets a cluster restarted as a whole keep every slot where its keys are.
 */
public final class NodeIdentity {
  public static final int ID_LENGTH = 40;
  private static final String HEADER =
      "# Verdis cluster node: this node's id and the last slot table it saw. Written by Verdis; do not edit.";

  private final Path file;
  private final String id;
  private volatile SlotOwners lastTable;

  private NodeIdentity(Path file, String id, SlotOwners lastTable) {
    this.file = file;
    this.id = id;
    this.lastTable = lastTable;
  }

  /** Reads the file, or makes a new id and writes it (creating {@code dir} if needed). */
  public static NodeIdentity loadOrCreate(Path dir, String fileName) {
    Path file = dir.resolve(fileName);
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Files.createDirectories(dir);
      byte[] random = new byte[ID_LENGTH / 2];
      new SecureRandom().nextBytes(random);
      NodeIdentity identity = new NodeIdentity(file, HexFormat.of().formatHex(random), null);
      identity.write();
      return identity;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the cluster node file " + file + ": " + e.getMessage(), e);
    }
  }

  private static NodeIdentity read(Path file) throws IOException {
    String id = null;
    SlotOwners table = null;
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    for (String line : lines) {
      String[] words = line.trim().split("\\s+");
      if (words.length == 2 && words[0].equals("myid")) {
        id = words[1];
      } else if (words.length == 2 && words[0].equals("slots")) {
        try {
          table = SlotOwners.decode(Base64.getDecoder().decode(words[1]));
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
          throw new IOException("its slot table is damaged (" + e.getMessage() + ")");
        }
      }
    }
    if (id == null || !id.matches("[0-9a-f]{" + ID_LENGTH + "}")) {
      throw new IOException("it has no valid 'myid' line; move it away to start as a new node");
    }
    return new NodeIdentity(file, id, table);
  }

  public String id() {
    return id;
  }

  /** The slot table this node saw last, if it ever saw one. */
  public Optional<SlotOwners> lastTable() {
    return Optional.ofNullable(lastTable);
  }

  /** Keeps {@code table} as the last one seen (written through: a crash right after must not lose it). */
  public synchronized void remember(SlotOwners table) {
    SlotOwners last = lastTable;
    if (last != null && last.epoch() >= table.epoch()) {
      return;
    }
    lastTable = table;
    try {
      write();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cluster node file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Keeps {@code table} as the last one seen even if older: the cluster's own after a merge. */
  public synchronized void replace(SlotOwners table) {
    lastTable = table;
    try {
      write();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cluster node file " + file + ": " + e.getMessage(), e);
    }
  }

  private void write() throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n').append("myid ").append(id).append('\n');
    SlotOwners table = lastTable;
    if (table != null) {
      text.append("slots ").append(Base64.getEncoder().encodeToString(table.encode())).append('\n');
    }
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.US_ASCII);
    try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
