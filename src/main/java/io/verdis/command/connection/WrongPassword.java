package io.verdis.command.connection;

import io.verdis.client.AuthThrottle;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.DeferredReply;
import io.verdis.net.RespWriter;

import java.util.function.Consumer;

/**
 * The answer to a wrong password on a client connection (RESP AUTH and HELLO AUTH, Pizzaria
 * {@code auth}): counted by the node's {@link AuthThrottle} and written after its delay, as a
 * deferred reply, so the event loop never waits and the connection's later replies keep their order.
 */
public final class WrongPassword {
  private WrongPassword() {
  }

  /**
   * Counts the failure; true if {@code refusal} will be written later, once the throttle lets it
   * go, false if the caller answers now (no delay due).
   */
  public static boolean answerLater(ClientCall c, AuthThrottle.Surface surface, Consumer<RespWriter> refusal) {
    long waitMs = c.server().authThrottle().failed(AuthThrottle.host(c.session().address()), surface);
    DeferredReply reply = waitMs > 0 ? deferred(c) : null;
    if (reply == null) {
      return false;
    }
    c.server().vertx().setTimer(waitMs, id -> reply.complete(refusal));
    return true;
  }

  /** The right password: the address's failures are forgotten. */
  public static void accepted(ClientCall c) {
    c.server().authThrottle().succeeded(AuthThrottle.host(c.session().address()));
  }

  /**
   * Null inside EXEC, where a reply cannot wait: that client is authenticated already (MULTI
   * needs it), so it is not guessing.
   */
  private static DeferredReply deferred(ClientCall c) {
    try {
      return c.defer();
    } catch (CommandException insideTransaction) {
      return null;
    }
  }
}
