package io.verdis.replication;

/**
 * What a replica told with REPLCONF before its PSYNC: the port it listens on and the ip it
 * announces (for INFO and ROLE), and its capabilities (psync2: it understands +CONTINUE with a
 * replication id; eof: it takes an EOF-marked RDB).
 */
final class ReplicaHandshake {
  private volatile int listeningPort;
  private volatile String announcedIp;
  private volatile boolean psync2;
  private volatile boolean eof;

  int listeningPort() {
    return listeningPort;
  }

  void listeningPort(int port) {
    this.listeningPort = port;
  }

  String announcedIp() {
    return announcedIp;
  }

  void announcedIp(String ip) {
    this.announcedIp = ip;
  }

  boolean psync2() {
    return psync2;
  }

  void psync2(boolean psync2) {
    this.psync2 = psync2;
  }

  /** capa eof: it takes an RDB of unknown length, ended by a mark (a diskless transfer). */
  boolean eof() {
    return eof;
  }

  void eof(boolean eof) {
    this.eof = eof;
  }
}
