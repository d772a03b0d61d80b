package io.verdis.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against a Verdis node of its own, started in this JVM on a free port before
 * the first test and stopped after the last. Test methods, constructors and lifecycle methods can
 * take an {@code EmbeddedVerdis}, a {@code KeyValueStore}, a Vert.x {@code Redis} client connected
 * to it, or an {@code int} annotated {@link VerdisPort}.
 *
 * <pre>{@code
 * @WithVerdis(flushBetweenTests = true)
 * class CartTest {
 *   @Test
 *   void remembersItems(KeyValueStore store) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(VerdisExtension.class)
public @interface WithVerdis {
  /** Lines of verdis.conf for the node: {@code {"maxmemory 64mb", "maxmemory-policy allkeys-lru"}}. */
  String[] config() default {};

  /** Removes every key of every database before each test. */
  boolean flushBetweenTests() default false;
}
