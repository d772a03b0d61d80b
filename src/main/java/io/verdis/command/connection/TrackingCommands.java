package io.verdis.command.connection;

import io.verdis.client.ClientSession;
import io.verdis.client.TrackingMode;
import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;
import io.verdis.net.RespWriter;

import java.util.ArrayList;
import java.util.List;

/** CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO: client-side caching as Redis 7.0 (networking.c, tracking.c). */
final class TrackingCommands {
  private TrackingCommands() {
  }

  /** CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p …] [OPTIN] [OPTOUT] [NOLOOP]: Redis's checks in Redis's order. */
  static void tracking(ClientCall c) {
    long redirect = 0;
    boolean bcast = false;
    boolean optin = false;
    boolean optout = false;
    boolean noloop = false;
    List<byte[]> prefixes = new ArrayList<>();
    for (int i = 3; i < c.argc(); i++) {
      boolean more = i + 1 < c.argc();
      byte[] option = c.arg(i);
      if (Args.is(option, "redirect") && more) {
        i++;
        if (redirect != 0) {
          throw new CommandException("ERR A client can only redirect to a single other client");
        }
        redirect = Args.parseLong(c.arg(i));
        if (c.server().clients().get(redirect) == null) {
          throw new CommandException("ERR The client ID you want redirect to does not exist");
        }
      } else if (Args.is(option, "bcast")) {
        bcast = true;
      } else if (Args.is(option, "optin")) {
        optin = true;
      } else if (Args.is(option, "optout")) {
        optout = true;
      } else if (Args.is(option, "noloop")) {
        noloop = true;
      } else if (Args.is(option, "prefix") && more) {
        prefixes.add(c.arg(++i));
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    ClientSession session = c.session();
    TrackingMode current = session.tracking();
    if (Args.is(c.arg(2), "off")) {
      DeferredReply reply = c.defer();
      c.server().tracking().stop(session, c.server().shards()).onComplete(done -> reply.complete(RespWriter::ok));
      return;
    }
    if (!Args.is(c.arg(2), "on")) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (!bcast && !prefixes.isEmpty()) {
      throw new CommandException("ERR PREFIX option requires BCAST mode to be enabled");
    }
    if (current != null && current.bcast() != bcast) {
      throw new CommandException("ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
          + "and then re-enabling it with a different mode.");
    }
    if (bcast && (optin || optout)) {
      throw new CommandException("ERR OPTIN and OPTOUT are not compatible with BCAST");
    }
    if (optin && optout) {
      throw new CommandException("ERR You can't specify both OPTIN mode and OPTOUT mode");
    }
    if (current != null && (optin && current.optout() || optout && current.optin())) {
      throw new CommandException("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
          + "and then re-enabling it with a different mode.");
    }
    List<byte[]> kept = current == null ? List.of() : current.prefixes();
    if (bcast) {
      checkPrefixes(prefixes, kept);
    }
    // As Redis's enableTracking: prefixes add to those the client had; BCAST alone means every key.
    List<byte[]> all = new ArrayList<>(kept);
    if (bcast && prefixes.isEmpty() && !containsEmpty(all)) {
      all.add(new byte[0]);
    }
    all.addAll(prefixes);
    TrackingMode mode = new TrackingMode(redirect, bcast, optin, optout, noloop, List.copyOf(all));
    DeferredReply reply = c.defer();
    c.server().tracking().start(session, mode, c.server().shards()).onComplete(done -> reply.complete(RespWriter::ok));
  }

  /** Redis's checkPrefixCollisionsOrReply: no prefix of one client may be a prefix of another of its prefixes. */
  private static void checkPrefixes(List<byte[]> prefixes, List<byte[]> existing) {
    for (int i = 0; i < prefixes.size(); i++) {
      byte[] prefix = prefixes.get(i);
      for (byte[] old : existing) {
        if (overlap(old, prefix)) {
          throw new CommandException("ERR Prefix '" + Args.text(prefix) + "' overlaps with an existing prefix '"
              + Args.text(old) + "'. Prefixes for a single client must not overlap.");
        }
      }
      for (int j = i + 1; j < prefixes.size(); j++) {
        if (overlap(prefix, prefixes.get(j))) {
          throw new CommandException("ERR Prefix '" + Args.text(prefix) + "' overlaps with another provided prefix '"
              + Args.text(prefixes.get(j)) + "'. Prefixes for a single client must not overlap.");
        }
      }
    }
  }

  /** Redis's stringCheckPrefix: the shorter one starts the longer one. */
  private static boolean overlap(byte[] a, byte[] b) {
    int length = Math.min(a.length, b.length);
    return java.util.Arrays.equals(a, 0, length, b, 0, length);
  }

  private static boolean containsEmpty(List<byte[]> prefixes) {
    return prefixes.stream().anyMatch(prefix -> prefix.length == 0);
  }

  /** CLIENT CACHING YES|NO: whether the next command's reads are remembered, in OPTIN or OPTOUT mode. */
  static void caching(ClientCall c) {
    TrackingMode mode = c.session().tracking();
    if (mode == null) {
      throw new CommandException("ERR CLIENT CACHING can be called only when the client is in tracking mode with "
          + "OPTIN or OPTOUT mode enabled");
    }
    if (Args.is(c.arg(2), "yes")) {
      if (!mode.optin()) {
        throw new CommandException("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
      }
    } else if (Args.is(c.arg(2), "no")) {
      if (!mode.optout()) {
        throw new CommandException("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
      }
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    c.session().cachingGiven(true);
    c.reply().ok();
  }

  /** CLIENT GETREDIR: the client invalidations go to, 0 for itself, -1 when not tracking. */
  static void getredir(ClientCall c) {
    TrackingMode mode = c.session().tracking();
    c.reply().integer(mode == null ? -1 : mode.redirect());
  }

  /** CLIENT TRACKINGINFO: flags, redirect and prefixes, as Redis's clientTrackingInfoCommand. */
  static void trackinginfo(ClientCall c) {
    ClientSession session = c.session();
    TrackingMode mode = session.tracking();
    List<String> flags = new ArrayList<>();
    flags.add(mode == null ? "off" : "on");
    if (mode != null) {
      if (mode.bcast()) {
        flags.add("bcast");
      }
      if (mode.optin()) {
        flags.add("optin");
        if (session.cachingGiven()) {
          flags.add("caching-yes");
        }
      }
      if (mode.optout()) {
        flags.add("optout");
        if (session.cachingGiven()) {
          flags.add("caching-no");
        }
      }
      if (mode.noloop()) {
        flags.add("noloop");
      }
      if (session.trackingRedirectBroken()) {
        flags.add("broken_redirect");
      }
    }
    RespWriter out = c.reply();
    out.map(3);
    out.bulk("flags");
    out.set(flags.size());
    flags.forEach(out::bulk);
    out.bulk("redirect");
    out.integer(mode == null ? -1 : mode.redirect());
    out.bulk("prefixes");
    // Redis keeps them in a radix tree: listed in byte order.
    List<byte[]> prefixes = new ArrayList<>(mode == null ? List.of() : mode.prefixes());
    prefixes.sort(java.util.Arrays::compareUnsigned);
    out.array(prefixes.size());
    prefixes.forEach(out::bulk);
  }
}
