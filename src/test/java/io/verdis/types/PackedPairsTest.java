package io.verdis.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The packed layout byte by byte: a length byte before each field and each value. */
class PackedPairsTest {

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** "ab" = "1", "c" = "" packed by hand. */
  private static byte[] sample() {
    return new byte[] {2, 'a', 'b', 1, '1', 1, 'c', 0};
  }

  @Test
  void appendWritesLengthBytesBeforeEachElement() {
    byte[] packed = new byte[PackedPairs.pairSize(b("ab"), b("1")) + PackedPairs.pairSize(b("c"), b(""))];
    int end = PackedPairs.append(packed, 0, b("ab"), b("1"));
    end = PackedPairs.append(packed, end, b("c"), b(""));
    assertEquals(packed.length, end);
    assertArrayEquals(sample(), packed);
  }

  @Test
  void findCountAndWalkFollowTheLengthBytes() {
    byte[] packed = sample();
    assertEquals(2, PackedPairs.count(packed, packed.length));
    assertEquals(0, PackedPairs.find(packed, packed.length, b("ab")));
    assertEquals(5, PackedPairs.find(packed, packed.length, b("c")));
    assertEquals(-1, PackedPairs.find(packed, packed.length, b("1")));
    assertEquals(-1, PackedPairs.find(packed, packed.length, b("a")));
    assertEquals(3, PackedElements.next(packed, 0));
    assertArrayEquals(b("1"), PackedElements.copyElement(packed, 3));
    assertArrayEquals(new int[] {0, 5}, PackedPairs.fieldPositions(packed, 2));
  }

  @Test
  void replacingAValueMovesWhatFollows() {
    assertArrayEquals(new byte[] {2, 'a', 'b', 3, 'x', 'y', 'z', 1, 'c', 0},
        PackedPairs.withValue(sample(), 0, b("xyz")));
    assertArrayEquals(new byte[] {2, 'a', 'b', 0, 1, 'c', 0}, PackedPairs.withValue(sample(), 0, b("")));
    byte[] roomy = new byte[12];
    System.arraycopy(sample(), 0, roomy, 0, 8);
    int end = PackedPairs.replaceValue(roomy, 8, 0, b("xyz"));
    assertEquals(10, end);
    assertArrayEquals(new byte[] {2, 'a', 'b', 3, 'x', 'y', 'z', 1, 'c', 0, 0, 0}, roomy);
  }

  @Test
  void removingAPairCutsItOut() {
    assertArrayEquals(new byte[] {1, 'c', 0}, PackedPairs.removePair(sample(), 0));
    assertArrayEquals(new byte[] {2, 'a', 'b', 1, '1'}, PackedPairs.removePair(sample(), 5));
    assertSame(PackedElements.EMPTY, PackedPairs.removePair(new byte[] {1, 'c', 0}, 0));
  }

  @Test
  void lengthsUpTo255ReadAsUnsigned() {
    byte[] value = new byte[200];
    byte[] packed = new byte[PackedPairs.pairSize(b("f"), value)];
    PackedPairs.append(packed, 0, b("f"), value);
    assertEquals(200, PackedElements.length(packed, 2));
    assertEquals(packed.length, PackedElements.next(packed, 2));
  }
}
