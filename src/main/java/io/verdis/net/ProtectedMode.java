package io.verdis.net;

import io.verdis.server.Config;

/**
 * Redis 7.0's protected mode: while it is on and the default user has no password, only clients
 * on the machine itself may connect; any other gets Redis's explanation and is closed (whatever
 * the server is bound to: redis-server 7.0 refuses them even when bound to a public address).
 */
final class ProtectedMode {
  /** Redis 7.0's text (networking.c clientAcceptHandler), typo included. */
  static final String DENIED = "-DENIED Redis is running in protected mode because protected "
      + "mode is enabled and no password is set for the default user. "
      + "In this mode connections are only accepted from the loopback interface. "
      + "If you want to connect from external computers to Redis you "
      + "may adopt one of the following solutions: "
      + "1) Just disable protected mode sending the command "
      + "'CONFIG SET protected-mode no' from the loopback interface "
      + "by connecting to Redis from the same host the server is "
      + "running, however MAKE SURE Redis is not publicly accessible "
      + "from internet if you do so. Use CONFIG REWRITE to make this "
      + "change permanent. "
      + "2) Alternatively you can just disable the protected mode by "
      + "editing the Redis configuration file, and setting the protected "
      + "mode option to 'no', and then restarting the server. "
      + "3) If you started the server manually just for testing, restart "
      + "it with the '--protected-mode no' option. "
      + "4) Setup a an authentication password for the default user. "
      + "NOTE: You only need to do one of the above things in order for "
      + "the server to start accepting connections from the outside.\r\n";

  private ProtectedMode() {
  }

  /** As Redis 7.0's clientAcceptHandler: the default user's nopass flag decides, whatever its other rules. */
  static boolean refuses(Config config, io.verdis.acl.Acl acl, String clientAddress) {
    return config.protectedMode() && acl.defaultUserNopass() && !LoopbackAddress.isLoopback(clientAddress);
  }
}
