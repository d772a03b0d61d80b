package io.verdis.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A packed list's layout byte by byte: the length before and after each element. */
class PackedListEntriesTest {

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void entriesCarryTheirLengthAtBothEnds() {
    byte[] packed = new byte[PackedListEntries.size(b("ab")) + PackedListEntries.size(b("")) + 1];
    int at = PackedListEntries.write(packed, 1, b("ab"));
    int end = PackedListEntries.write(packed, at, b(""));
    assertEquals(packed.length, end);
    assertArrayEquals(new byte[] {0, 2, 'a', 'b', 2, 0, 0}, packed);
  }

  @Test
  void walksForwardAndBack() {
    byte[] packed = {2, 'a', 'b', 2, 0, 0, 1, 'c', 1};
    assertEquals(4, PackedListEntries.next(packed, 0));
    assertEquals(6, PackedListEntries.next(packed, 4));
    assertEquals(6, PackedListEntries.previous(packed, 9));
    assertEquals(4, PackedListEntries.previous(packed, 6));
    assertEquals(0, PackedListEntries.previous(packed, 4));
    assertEquals(9, PackedListEntries.skip(packed, 0, 3));
    assertEquals(4, PackedListEntries.skipBack(packed, 9, 2));
    assertEquals(0, PackedListEntries.skipBack(packed, 9, 3));
    assertArrayEquals(b("c"), PackedElements.copyElement(packed, 6));
  }

  @Test
  void lengthsAbove127ReadAsUnsignedBothWays() {
    byte[] element = new byte[200];
    byte[] packed = new byte[PackedListEntries.size(element)];
    PackedListEntries.write(packed, 0, element);
    assertEquals(packed.length, PackedListEntries.next(packed, 0));
    assertEquals(0, PackedListEntries.previous(packed, packed.length));
  }

  @Test
  void longLengthsTakeMoreBytesAtBothEndsAndReadTheSameBothWays() {
    for (int length : new int[] {127, 128, 16383, 16384, 3_000_000}) {
      byte[] element = new byte[length];
      element[length - 1] = 7;
      byte[] packed = new byte[1 + PackedListEntries.size(element) + PackedListEntries.size(b("z"))];
      int second = PackedListEntries.write(packed, 1, element);
      int end = PackedListEntries.write(packed, second, b("z"));
      assertEquals(packed.length, end);
      assertEquals(length, PackedElements.length(packed, 1));
      assertEquals(second, PackedListEntries.next(packed, 1));
      assertEquals(1, PackedListEntries.previous(packed, second));
      assertEquals(1, PackedListEntries.skipBack(packed, end, 2));
      assertArrayEquals(element, PackedElements.copyElement(packed, 1));
      assertTrue(PackedElements.matches(packed, 1, element));
      assertArrayEquals(b("z"), PackedElements.copyElement(packed, second));
    }
  }
}
