package io.verdis.shard;

import static io.verdis.shard.TestKeys.key;
import static io.verdis.shard.TestKeys.randomBinaryKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SortedKeyIndexTest {

  @Test
  void randomInsertsAndRemovalsKeepKeysInUnsignedByteOrderLikeATreeSet() {
    Random random = new Random(4);
    SortedKeyIndex index = new SortedKeyIndex();
    NavigableSet<byte[]> oracle = new TreeSet<>(Arrays::compareUnsigned);
    for (int op = 0; op < 200_000; op++) {
      byte[] key = randomBinaryKey(random, 7);
      boolean removing = op % 50_000 > 30_000 ? random.nextInt(4) != 0 : random.nextInt(3) == 0;
      if (removing) {
        assertEquals(oracle.remove(key), index.remove(key));
      } else {
        assertEquals(oracle.add(key), index.insert(key));
      }
      if (op % 10_000 == 0) {
        assertSameKeys(new ArrayList<>(oracle), allKeys(index));
      }
    }
    assertEquals(oracle.size(), index.size());
    assertSameKeys(new ArrayList<>(oracle), allKeys(index));
  }

  @Test
  void keysSharingLongPrefixesAreOrderedByTheirBytesBeyondTheFirstEight() {
    Random random = new Random(6);
    SortedKeyIndex index = new SortedKeyIndex();
    NavigableSet<byte[]> oracle = new TreeSet<>(Arrays::compareUnsigned);
    String[] prefixes = {"user:session:", "user:sess", "user:se", "u", ""};
    for (int op = 0; op < 100_000; op++) {
      byte[] tail = randomBinaryKey(random, 4);
      byte[] head = prefixes[random.nextInt(prefixes.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      byte[] key = Arrays.copyOf(head, head.length + tail.length);
      System.arraycopy(tail, 0, key, head.length, tail.length);
      if (random.nextInt(4) == 0) {
        assertEquals(oracle.remove(key), index.remove(key));
      } else {
        assertEquals(oracle.add(key), index.insert(key));
      }
    }
    assertSameKeys(new ArrayList<>(oracle), allKeys(index));
    for (String prefix : prefixes) {
      byte[] bytes = prefix.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      List<byte[]> expected = new ArrayList<>();
      for (byte[] key : oracle.tailSet(bytes, true)) {
        if (key.length < bytes.length || !Arrays.equals(key, 0, bytes.length, bytes, 0, bytes.length)) {
          break;
        }
        expected.add(key);
      }
      List<byte[]> actual = new ArrayList<>();
      index.forEachWithPrefix(bytes, key -> actual.add(key));
      assertSameKeys(expected, actual);
    }
  }

  @Test
  void prefixQueriesReturnExactlyTheMatchingKeysInOrder() {
    Random random = new Random(5);
    SortedKeyIndex index = new SortedKeyIndex();
    NavigableSet<byte[]> oracle = new TreeSet<>(Arrays::compareUnsigned);
    for (int i = 0; i < 30_000; i++) {
      byte[] key = randomBinaryKey(random, 6);
      index.insert(key);
      oracle.add(key);
    }
    for (int query = 0; query < 500; query++) {
      byte[] prefix = randomBinaryKey(random, 3);
      List<byte[]> found = new ArrayList<>();
      index.forEachWithPrefix(prefix, found::add);
      assertSameKeys(matching(oracle, prefix), found);
    }
  }

  @Test
  void forEachFromStartsAtTheFirstKeyNotBelowTheStartAndStopsWhenTheVisitorSaysSo() {
    SortedKeyIndex index = new SortedKeyIndex();
    for (int i = 0; i < 1_000; i++) {
      index.insert(key(String.format("user:%04d", i)));
    }
    List<byte[]> found = new ArrayList<>();
    index.forEachFrom(key("user:0500x"), key -> found.add(key) && found.size() < 3);
    assertSameKeys(List.of(key("user:0501"), key("user:0502"), key("user:0503")), found);
  }

  @Test
  void anEmptyPrefixMatchesEveryKeyIncludingTheEmptyKey() {
    SortedKeyIndex index = new SortedKeyIndex();
    index.insert(key("b"));
    index.insert(new byte[0]);
    index.insert(new byte[] {(byte) 0xFF});
    index.insert(key("a"));
    List<byte[]> found = new ArrayList<>();
    index.forEachWithPrefix(new byte[0], found::add);
    assertSameKeys(List.of(new byte[0], key("a"), key("b"), new byte[] {(byte) 0xFF}), found);
  }

  @Test
  void duplicatesAreRejectedAndAbsentKeysAreNotRemoved() {
    SortedKeyIndex index = new SortedKeyIndex();
    assertFalse(index.remove(key("x")));
    assertTrue(index.insert(key("x")));
    assertFalse(index.insert(key("x")));
    assertFalse(index.remove(key("y")));
    assertTrue(index.remove(key("x")));
    assertEquals(0, index.size());
    assertTrue(allKeys(index).isEmpty());
  }

  private static List<byte[]> matching(NavigableSet<byte[]> keys, byte[] prefix) {
    List<byte[]> matches = new ArrayList<>();
    for (byte[] key : keys.tailSet(prefix, true)) {
      if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
        break;
      }
      matches.add(key);
    }
    return matches;
  }

  private static List<byte[]> allKeys(SortedKeyIndex index) {
    List<byte[]> keys = new ArrayList<>();
    index.forEachFrom(null, keys::add);
    return keys;
  }

  private static void assertSameKeys(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "key #" + i);
    }
  }
}
