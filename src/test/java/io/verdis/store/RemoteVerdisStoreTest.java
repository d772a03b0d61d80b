package io.verdis.store;

import io.verdis.it.TestServer;
import io.vertx.core.Vertx;

/** The contract over the network: {@code redis://} to a Verdis server, through the Vert.x Redis client. */
class RemoteVerdisStoreTest extends KeyValueStoreContract {
  private TestServer server;
  private Vertx vertx;

  @Override
  protected KeyValueStore open() throws Exception {
    server = TestServer.start();
    vertx = Vertx.vertx();
    return await(KeyValueStore.open(vertx, "redis://127.0.0.1:" + server.port()));
  }

  @Override
  protected void closeServer() throws Exception {
    await(vertx.close());
    server.close();
  }
}
