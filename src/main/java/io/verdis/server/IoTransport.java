package io.verdis.server;

import io.vertx.core.transport.Transport;

import java.util.logging.Logger;

/**
 * The network transport of the node's event loops, from the {@code io-transport} directive:
 * {@code auto} (epoll on Linux, else Java NIO), {@code epoll}, {@code nio}, or {@code io_uring}.
 *
 * <p>io_uring is experimental. It submits all the writes of an event-loop iteration in one system
 * call where epoll makes one per socket, and a publish to 1,000 subscribers is 1,000 {@code send()}
 * calls, two-thirds of an epoll loop's time: RESP fan-out measured 1.5-2.4x Redis's rate with it.
 * But the dashboard's browser test failed under it (headless Chromium's page loads timed out, while
 * curl and the same page loaded by hand worked), which is not understood yet; so it runs only when
 * asked for, with a warning when the HTTP side is on. A transport that cannot run here (containers
 * often forbid io_uring: Docker's default seccomp profile does) falls back to auto, with a warning.
 */
public final class IoTransport {
  private static final Logger LOG = Logger.getLogger(IoTransport.class.getName());

  private IoTransport() {
  }

  /** The transport for {@code wanted}: one that is available here, NIO at worst. */
  public static Transport choose(String wanted, boolean httpOn) {
    Transport named = switch (wanted) {
      case "io_uring" -> Transport.IO_URING;
      case "epoll" -> Transport.EPOLL;
      case "nio" -> Transport.NIO;
      default -> null;
    };
    if (named != null && named.available()) {
      if (named == Transport.IO_URING && httpOn) {
        LOG.warning("io-transport io_uring is experimental: the dashboard's page loads have been seen to hang under it");
      }
      return named;
    }
    if (!wanted.equals("auto")) {
      LOG.warning("io-transport " + wanted + " is not available here (" + cause(named) + "); using auto");
    }
    return Transport.EPOLL != null && Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
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
