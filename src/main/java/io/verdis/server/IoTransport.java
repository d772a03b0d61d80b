package io.verdis.server;

import io.vertx.core.transport.Transport;

import java.util.logging.Logger;

/**
 * The network transport of the node's event loops, from the {@code io-transport} directive:
 * {@code auto} takes Linux's epoll, else Java NIO; {@code io_uring}, {@code epoll} and {@code nio}
 * ask for one.
 *
 * <p>io_uring submits all the writes of an event-loop iteration in one system call where epoll
 * makes one per socket: a publish to 1,000 subscribers is 1,000 {@code send()} calls with epoll,
 * two-thirds of the loop's time, and RESP fan-out measured 1.5-2.7x Redis's rate with io_uring
 * against about 1x with epoll. But auto no longer takes it: with Netty 4.2.12's io_uring
 * transport, a client that resets its connection after sending part of a request (nothing to
 * answer yet) is never noticed, and its socket and CLIENT LIST entry stay for good (7-16% of such
 * clients in a test here; none with epoll or NIO). Containers often forbid io_uring anyway (Docker's
 * default seccomp profile does). A transport asked for by name that cannot run here falls back
 * to auto, with a warning.
 */
public final class IoTransport {
  private static final Logger LOG = Logger.getLogger(IoTransport.class.getName());

  private IoTransport() {
  }

  /** The transport for {@code wanted}: one that is available here, NIO at worst. */
  public static Transport choose(String wanted) {
    Transport named = named(wanted);
    if (named != null && named.available()) {
      return named;
    }
    if (!wanted.equals("auto")) {
      LOG.warning("io-transport " + wanted + " is not available here (" + cause(named) + "); using auto");
    }
    Transport epoll = Transport.EPOLL;
    return epoll != null && epoll.available() ? epoll : Transport.NIO;
  }

  /** The transport of one of the directive's names, or null for auto (or one whose classes are missing). */
  public static Transport named(String name) {
    return switch (name) {
      case "io_uring" -> Transport.IO_URING;
      case "epoll" -> Transport.EPOLL;
      case "nio" -> Transport.NIO;
      default -> null;
    };
  }

  /** The name INFO shows as {@code multiplexing_api}. */
  public static String multiplexingApi(Transport transport) {
    return transport == Transport.NIO ? "java.nio" : transport.name();
  }

  private static String cause(Transport transport) {
    Throwable cause = transport == null ? null : transport.unavailabilityCause();
    return cause == null ? "unknown cause" : cause.getMessage();
  }
}
