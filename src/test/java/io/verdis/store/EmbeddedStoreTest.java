package io.verdis.store;

import io.verdis.embed.EmbeddedVerdis;

/** The contract in-process: {@link KeyValueStore#of} on an embedded node, no socket involved. */
class EmbeddedStoreTest extends KeyValueStoreContract {
  private EmbeddedVerdis verdis;

  @Override
  protected KeyValueStore open() throws Exception {
    verdis = await(EmbeddedVerdis.builder().start());
    return KeyValueStore.of(verdis);
  }

  @Override
  protected void closeServer() {
    verdis.close();
  }
}
