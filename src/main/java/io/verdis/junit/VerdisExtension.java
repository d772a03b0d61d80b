package io.verdis.junit;

import io.verdis.embed.EmbeddedVerdis;
import io.verdis.store.KeyValueStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The extension behind {@link WithVerdis}: one embedded node per annotated test class, kept in that
 * class's extension store, so JUnit stops it (and its Vert.x, store and client) after the class's
 * last test, {@code @Nested} classes included.
 */
public final class VerdisExtension implements BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VerdisExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    ExtensionContext owner = owner(context);
    if (settings(owner).flushBetweenTests()) {
      await(running(owner).client.send(Request.cmd(Command.FLUSHALL)));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EmbeddedVerdis.class || type == KeyValueStore.class || type == Redis.class
        || (type == int.class || type == Integer.class) && parameter.isAnnotated(VerdisPort.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running running = running(owner(context));
    Class<?> type = parameter.getParameter().getType();
    if (type == EmbeddedVerdis.class) {
      return running.verdis;
    }
    if (type == KeyValueStore.class) {
      return running.store;
    }
    if (type == Redis.class) {
      return running.client;
    }
    return running.verdis.port();
  }

  /** The context of the class that carries {@link WithVerdis} (the test's own, or one enclosing it). */
  private static ExtensionContext owner(ExtensionContext context) {
    for (Optional<ExtensionContext> at = Optional.of(context); at.isPresent(); at = at.get().getParent()) {
      ExtensionContext candidate = at.get();
      if (candidate.getTestMethod().isEmpty() && candidate.getTestClass()
          .map(type -> AnnotationSupport.isAnnotated(type, WithVerdis.class)).orElse(false)) {
        return candidate;
      }
    }
    throw new ParameterResolutionException("no @WithVerdis class around " + context.getDisplayName());
  }

  private static WithVerdis settings(ExtensionContext owner) {
    return AnnotationSupport.findAnnotation(owner.getRequiredTestClass(), WithVerdis.class).orElseThrow();
  }

  private static Running running(ExtensionContext owner) {
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(settings(owner)), Running.class);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** A started node with what tests get from it; JUnit closes it with the class's store. */
  private record Running(Vertx vertx, EmbeddedVerdis verdis, KeyValueStore store, Redis client)
      implements ExtensionContext.Store.CloseableResource {
    static Running start(WithVerdis settings) {
      Vertx vertx = Vertx.vertx();
      try {
        EmbeddedVerdis.Builder builder = EmbeddedVerdis.builder().vertx(vertx);
        for (String line : settings.config()) {
          builder.config(line);
        }
        EmbeddedVerdis verdis = await(builder.start());
        // With the default user's password when the class's configuration sets one.
        String password = verdis.node().state().config().requirepass();
        String credentials = password.isEmpty() ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
        Redis client = Redis.createClient(vertx,
            new RedisOptions().setConnectionString("redis://" + credentials + "127.0.0.1:" + verdis.port()));
        return new Running(vertx, verdis, KeyValueStore.of(verdis), client);
      } catch (RuntimeException e) {
        vertx.close();
        throw e;
      }
    }

    @Override
    public void close() {
      client.close();
      await(store.close().eventually(verdis::stop).eventually(vertx::close));
    }
  }
}
