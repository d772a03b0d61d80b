package io.verdis.replication;

import io.verdis.pubsub.OutputLimit;

import java.util.ArrayDeque;

/**
 * One replica this node feeds, from its SYNC/PSYNC on: its state (Redis's slave states), the part
 * of the stream it gets after its RDB, and what it acknowledged. State changes and writes happen
 * on the replication context; acknowledgements arrive from the replica's own event loop.
 */
final class ReplicaLink {
  /** Redis's names, as INFO replication shows them. */
  enum State {
    WAIT_BGSAVE("wait_bgsave"), SEND_BULK("send_bulk"), ONLINE("online");

    final String infoName;

    State(String infoName) {
      this.infoName = infoName;
    }
  }

  private final ReplicaSocket socket;
  private final ReplicaHandshake handshake;
  private final OutputLimit limit;
  /** The stream from the snapshot point on, kept until the RDB is sent (Redis keeps it in the output buffer). */
  private final ArrayDeque<byte[]> held = new ArrayDeque<>();
  private long heldBytes;
  private volatile State state = State.WAIT_BGSAVE;
  /** Online after a diskless transfer, but the stream waits for the replica's first ACK. */
  private volatile boolean streamOnAck;
  private volatile long ackOffset;
  private volatile long ackTimeMs = System.currentTimeMillis();

  /** PSYNC, not the old SYNC: the replica acknowledges every second (Redis's !CLIENT_PRE_PSYNC). */
  private final boolean acknowledges;

  ReplicaLink(ReplicaSocket socket, ReplicaHandshake handshake, OutputLimit limit, boolean acknowledges) {
    this.socket = socket;
    this.handshake = handshake;
    this.limit = limit;
    this.acknowledges = acknowledges;
  }

  /** Whether an online replica that acknowledges has been silent for longer than {@code timeoutMs}. */
  boolean timedOut(long nowMs, long timeoutMs) {
    return acknowledges && state == State.ONLINE && nowMs - ackTimeMs > timeoutMs;
  }

  ReplicaSocket socket() {
    return socket;
  }

  ReplicaHandshake handshake() {
    return handshake;
  }

  State state() {
    return state;
  }

  void state(State state) {
    this.state = state;
  }

  /** Stream bytes: written at once when online, else held until the RDB is sent. */
  void feed(byte[] bytes) {
    if (streaming()) {
      socket.write(bytes);
    } else {
      held.add(bytes);
      heldBytes += bytes.length;
    }
  }

  /** The RDB is sent: what was held goes out, then the stream as it comes (Redis's replicaPutOnline). */
  void online() {
    while (!held.isEmpty()) {
      socket.write(held.poll());
    }
    heldBytes = 0;
    streamOnAck = false;
    state = State.ONLINE;
    ackTimeMs = System.currentTimeMillis();
  }

  /**
   * A diskless RDB is sent: the replica is online, but the stream starts at its first ACK, as in
   * Redis (repl_start_cmd_stream_on_ack): a replica reading an EOF-marked payload may read past
   * the mark, so nothing may follow it until the replica has loaded the RDB and says so.
   */
  void onlineOnFirstAck() {
    streamOnAck = true;
    state = State.ONLINE;
    ackTimeMs = System.currentTimeMillis();
  }

  boolean waitsForFirstAck() {
    return streamOnAck;
  }

  private boolean streaming() {
    return state == State.ONLINE && !streamOnAck;
  }

  /** Whether client-output-buffer-limit's replica class says to drop this replica now. */
  boolean overOutputLimit(long nowMs) {
    return limit.limited() && limit.exceeded(pendingBytes(), nowMs);
  }

  long pendingBytes() {
    return streaming() ? socket.pendingBytes() : heldBytes;
  }

  void acked(long offset) {
    ackOffset = Math.max(ackOffset, offset);
    ackTimeMs = System.currentTimeMillis();
  }

  long ackOffset() {
    return ackOffset;
  }

  long ackTimeMs() {
    return ackTimeMs;
  }

  /** The replica's address as INFO and ROLE show it: its announced ip (or the peer's) and listening port. */
  String ip() {
    if (handshake.announcedIp() != null) {
      return handshake.announcedIp();
    }
    String address = socket.session().address();
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }
}
