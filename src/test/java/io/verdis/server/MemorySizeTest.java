package io.verdis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {

  @ParameterizedTest(name = "{0} is {1} bytes")
  @CsvSource({
    "0, 0", "100, 100", "100b, 100", "100B, 100",
    "1k, 1000", "1kb, 1024", "1K, 1000", "1KB, 1024", "1Kb, 1024",
    "1m, 1000000", "1mb, 1048576", "512mb, 536870912",
    "1g, 1000000000", "1gb, 1073741824", "2GB, 2147483648",
    "mb, 0"})
  void unitsAreRedisUnits(String text, long bytes) throws InvalidValueException {
    assertEquals(bytes, MemorySize.parse(text));
  }

  @ParameterizedTest(name = "''{0}'' is not a memory value")
  @ValueSource(strings = {"-1", "-5mb", "1.5gb", "1tb", "1 mb", "0x10", "1kib", "99999999999999999999",
    "100000000000gb"})
  void otherTextIsNotAMemoryValue(String text) {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> MemorySize.parse(text));
    assertEquals("argument must be a memory value", e.reason());
  }

  @Test
  @DisplayName("files get the largest exact unit")
  void filesGetTheLargestExactUnit() {
    assertEquals("0", MemorySize.format(0));
    assertEquals("1000", MemorySize.format(1000));
    assertEquals("1kb", MemorySize.format(1024));
    assertEquals("512mb", MemorySize.format(512L * 1024 * 1024));
    assertEquals("3gb", MemorySize.format(3L * 1024 * 1024 * 1024));
    assertEquals("1025kb", MemorySize.format(1025 * 1024));
  }
}
