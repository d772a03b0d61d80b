package io.verdis.cluster;

/** Redis Cluster's error texts (cluster.c), and Verdis's own where a forwarded command fails. */
public final class ClusterErrors {
  public static final String DOWN = "CLUSTERDOWN The cluster is down";
  public static final String UNBOUND = "CLUSTERDOWN Hash slot not served";
  public static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
  public static final String TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot";
  public static final String SESSION_LOST =
      "CLUSTERDOWN The node owning this slot lost this connection's session (it restarted or failed)";
  public static final String CROSSNODE =
      "CROSSSLOT Keys in request don't hash to slots owned by the same node";

  private ClusterErrors() {
  }

  /** Redis's redirect; {@code tlsClient}: whether the client it goes to speaks TLS (see NodeAddress#clientPort). */
  public static String moved(int slot, NodeAddress owner, boolean tlsClient) {
    return "MOVED " + slot + " " + owner.host() + ":" + owner.clientPort(tlsClient);
  }
}
