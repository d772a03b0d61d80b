package io.verdis.command.replication;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;
import io.verdis.net.RespWriter;
import io.verdis.replication.Failover;
import io.verdis.replication.ReplicaOf;
import io.verdis.replication.ReplicaSocket;
import io.verdis.replication.Replication;

import java.util.ArrayList;
import java.util.List;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.ALLOW_BUSY;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.NO_ASYNC_LOADING;
import static io.verdis.command.CommandFlag.NO_MULTI;
import static io.verdis.command.CommandFlag.STALE;

/** SYNC, PSYNC, REPLCONF, REPLICAOF, FAILOVER, WAIT and ROLE (Redis's replication.c commands). */
public final class ReplicationCommands {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ReplicationCommands.class.getName());
  private ReplicationCommands() {
  }

  /** SYNC: the old protocol (redis-cli --replica): the RDB, then the stream, no reply before. */
  static void sync(ClientCall c) {
    if (c.session().replica()) {
      return;
    }
    c.server().replication().sync(c.replicaSocket(), null, 0);
  }

  /**
   * PSYNC replid offset: +CONTINUE from the backlog, or +FULLRESYNC and the RDB. PSYNC replid
   * offset FAILOVER is a primary's FAILOVER handing over to this replica (Redis 6.2+): this node
   * becomes a primary first, then answers the old one, which continues as its replica.
   */
  static void psync(ClientCall c) {
    if (c.session().replica()) {
      return;
    }
    long offset = Args.parseLong(c.arg(2));
    String replid = Args.text(c.arg(1));
    Replication replication = c.server().replication();
    if (c.argc() > 3 && Args.is(c.arg(3), "failover")) {
      if (!replication.replicaOf().active()) {
        throw new CommandException("ERR PSYNC FAILOVER can't be sent to a master.");
      }
      if (!replid.equalsIgnoreCase(replication.replid())) {
        throw new CommandException("ERR PSYNC FAILOVER replid must match my replid.");
      }
      ReplicaSocket socket = c.replicaSocket();
      LOG.info("MASTER MODE enabled (failover request from '" + c.session().address() + "')");
      replication.replicaOf().noOne().onComplete(promoted -> replication.sync(socket, replid, offset));
      return;
    }
    replication.sync(c.replicaSocket(), replid, offset);
  }

  /** REPLCONF option value …: what a replica says about itself; ACK and GETACK get no reply. */
  static void replconf(ClientCall c) {
    if (c.argc() % 2 == 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    Replication replication = c.server().replication();
    for (int i = 1; i < c.argc(); i += 2) {
      byte[] option = c.arg(i);
      byte[] value = c.arg(i + 1);
      if (Args.is(option, "listening-port")) {
        replication.listeningPort(c.session(), (int) Args.parseLong(value));
      } else if (Args.is(option, "ip-address")) {
        replication.announcedIp(c.session(), Args.text(value));
      } else if (Args.is(option, "capa")) {
        replication.capability(c.session(), Args.text(value));
      } else if (Args.is(option, "ack")) {
        if (c.session().replica()) {
          replication.ack(c.session(), Args.parseLong(value));
        }
        return;
      } else if (Args.is(option, "getack")) {
        // Only a replica answers GETACK, to its primary; this node is one.
        return;
      } else if (!Args.is(option, "rdb-only") && !Args.is(option, "rdb-filter-only")) {
        // rdb-only and rdb-filter-only (redis-cli --rdb, --replica) are taken and ignored: the
        // whole RDB is sent, then the stream.
        throw new CommandException("ERR Unrecognized REPLCONF option: " + Args.text(option));
      }
    }
    c.reply().ok();
  }

  /**
   * REPLICAOF host port / REPLICAOF NO ONE (and SLAVEOF): follow a primary, or be one again.
   * Refused in cluster mode, as Redis's.
   */
  static void replicaOf(ClientCall c) {
    if (c.server().cluster() != null) {
      throw new CommandException("ERR REPLICAOF not allowed in cluster mode.");
    }
    if (c.server().replication().failover().state() != Failover.State.NO_FAILOVER) {
      throw new CommandException("ERR REPLICAOF not allowed while failing over.");
    }
    ReplicaOf replicaOf = c.server().replication().replicaOf();
    if (Args.is(c.arg(1), "no") && Args.is(c.arg(2), "one")) {
      DeferredReply reply = c.defer();
      replicaOf.noOne().onComplete(done -> reply.complete(out -> out.ok()));
      return;
    }
    long port = Args.parseLong(c.arg(2), "ERR Invalid master port");
    if (port < 0 || port > 65535) {
      throw new CommandException("ERR Invalid master port");
    }
    if (!replicaOf.replicaOf(Args.text(c.arg(1)), (int) port)) {
      c.reply().simple("OK Already connected to specified master");
      return;
    }
    c.reply().ok();
  }

  /**
   * FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]: parsed as Redis's failoverCommand does
   * (each option once, in any order; ABORT alone); the switch itself is {@link Failover}'s.
   */
  static void failover(ClientCall c) {
    if (c.server().cluster() != null) {
      throw new CommandException("ERR FAILOVER not allowed in cluster mode. Use CLUSTER FAILOVER command instead.");
    }
    Failover failover = c.server().replication().failover();
    if (c.argc() == 2 && Args.is(c.arg(1), "abort")) {
      failover.abortByUser();
      c.reply().ok();
      return;
    }
    long timeoutMs = 0;
    boolean force = false;
    String host = null;
    long port = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (Args.is(c.arg(i), "timeout") && i + 1 < c.argc() && timeoutMs == 0) {
        timeoutMs = Args.parseLong(c.arg(++i));
        if (timeoutMs <= 0) {
          throw new CommandException("ERR FAILOVER timeout must be greater than 0");
        }
      } else if (Args.is(c.arg(i), "to") && i + 2 < c.argc() && host == null) {
        port = Args.parseLong(c.arg(i + 2));
        host = Args.text(c.arg(i + 1));
        i += 2;
      } else if (Args.is(c.arg(i), "force") && !force) {
        force = true;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    failover.start(host, (int) port, timeoutMs, force);
    c.reply().ok();
  }

  /** WAIT numreplicas timeout: how many replicas acknowledged this client's writes. */
  static void await(ClientCall c) {
    if (c.server().replication().replicaOf().active()) {
      throw new CommandException("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0"
          + " if a replica is configured to be writable (which is not the default) writes to replicas are just local"
          + " and are not propagated.");
    }
    long replicas = Args.parseLong(c.arg(1));
    long timeoutMs = Args.parseLong(c.arg(2), "ERR timeout is not an integer or out of range");
    if (timeoutMs < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    DeferredReply reply = c.defer();
    c.server().replication().await((int) Math.min(Integer.MAX_VALUE, replicas), timeoutMs)
        .onComplete(acked -> reply.complete(out -> out.integer(acked.result())));
  }

  /** ROLE: master, the stream offset, and each online replica's ip, port and acknowledged offset. */
  static void role(ClientCall c) {
    Replication replication = c.server().replication();
    ReplicaOf.View following = replication.replicaOf().view();
    if (following != null) {
      // slave, primary host and port, link state, the offset applied (-1 before a link is up).
      RespWriter out = c.reply();
      out.array(5);
      out.bulk(Args.bytes("slave"));
      out.bulk(Args.bytes(following.host()));
      out.integer(following.port());
      out.bulk(Args.bytes(following.linkState()));
      out.integer(following.up() ? following.appliedOffset() : -1);
      return;
    }
    List<Replication.ReplicaView> online = new ArrayList<>();
    for (Replication.ReplicaView replica : replication.replicas()) {
      if (replica.state().equals("online")) {
        online.add(replica);
      }
    }
    RespWriter out = c.reply();
    out.array(3);
    out.bulk(Args.bytes("master"));
    out.integer(replication.offset());
    out.array(online.size());
    for (Replication.ReplicaView replica : online) {
      out.array(3);
      out.bulk(Args.bytes(replica.ip()));
      out.bulk(Args.bytes(replica.port()));
      out.bulk(Args.bytes(replica.offset()));
    }
  }

  public static void register(CommandTable.Builder table) {
    table
        .add(CommandSpec.client("sync", 1, ReplicationCommands::sync).flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI)
            .doc("Internal command used for replication", "1.0.0", "server", null))
        .add(CommandSpec.client("psync", -3, ReplicationCommands::psync)
            .flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI)
            .doc("Internal command used for replication", "2.8.0", "server", null))
        .add(CommandSpec.client("replconf", -1, ReplicationCommands::replconf)
            .flags(ADMIN, NOSCRIPT, LOADING, STALE, ALLOW_BUSY)
            .doc("An internal command for configuring the replication stream", "3.0.0", "server", "O(1)"))
        .add(CommandSpec.client("replicaof", 3, ReplicationCommands::replicaOf)
            .flags(ADMIN, NOSCRIPT, STALE, NO_ASYNC_LOADING)
            .doc("Make the server a replica of another instance, or promote it as master.", "5.0.0", "server", "O(1)"))
        .add(CommandSpec.client("slaveof", 3, ReplicationCommands::replicaOf)
            .flags(ADMIN, NOSCRIPT, STALE, NO_ASYNC_LOADING)
            .doc("Make the server a replica of another instance, or promote it as master.", "1.0.0", "server", "O(1)"))
        .add(CommandSpec.client("failover", -1, ReplicationCommands::failover).flags(ADMIN, NOSCRIPT, STALE)
            .doc("Starts a coordinated failover from a server to one of its replicas.", "6.2.0", "server", "O(1)"))
        .add(CommandSpec.client("wait", 3, ReplicationCommands::await).flags(NOSCRIPT)
            .doc("Wait for the synchronous replication of all the write commands sent in the context of the current"
                + " connection", "3.0.0", "generic", "O(1)"))
        .add(CommandSpec.client("role", 1, ReplicationCommands::role).flags(NOSCRIPT, LOADING, STALE, FAST)
            .doc("Return the role of the instance in the context of replication", "2.8.12", "server", "O(1)"));
  }
}
