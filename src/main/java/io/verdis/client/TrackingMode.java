package io.verdis.client;

import java.util.List;

/**
 * How one client tracks keys (CLIENT TRACKING ON …), as Redis 7.0 keeps it in the client's flags:
 * where its invalidations go ({@code redirect}, 0 for itself), broadcast mode and its prefixes, and
 * the OPTIN/OPTOUT/NOLOOP options. Immutable: CLIENT TRACKING replaces it, shards read it.
 */
public record TrackingMode(long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
                           List<byte[]> prefixes) {

  /**
   * Whether the reads of the next command are remembered (Redis's trackingRememberKeys): always in
   * the default mode, only after CLIENT CACHING YES with OPTIN, unless CLIENT CACHING NO with OPTOUT;
   * never in BCAST mode, which tracks prefixes rather than keys read.
   */
  public boolean remembersReads(boolean cachingGiven) {
    return !bcast && (optin ? cachingGiven : !(optout && cachingGiven));
  }
}
