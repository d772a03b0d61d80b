package io.verdis.persist.rdb;

import static io.verdis.persist.rdb.CompactEncodings.listpack;
import static io.verdis.persist.rdb.CompactEncodings.ziplist;
import static io.verdis.persist.rdb.CompactEncodings.zipmap;

import io.verdis.it.RealRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compact encodings of older and newer Redis versions than the installed one: ziplists and
 * zipmaps (Redis up to 6.2), and listpack sets (7.2). Each file is built byte by byte; wherever
 * redis-server 7.0 can load the type, it loads the same file with deep sanitization and must agree.
 */
class RdbCompactEncodingsTest {
  private static final long TTL = System.currentTimeMillis() + 3_600_000;

  /** Every string and integer encoding, and entries big enough for the long length forms. */
  private static List<String> everyEntryEncoding() {
    List<String> entries = new ArrayList<>(List.of("", "a", "x".repeat(63), "y".repeat(64)));
    entries.addAll(Dataset.AWKWARD_NUMBERS);
    entries.addAll(List.of("z".repeat(300), "after a 300-byte entry", "w".repeat(4095), "v".repeat(4096),
        "u".repeat(17_000), "after a 17000-byte entry"));
    return entries;
  }

  @Test
  void ziplistAndZipmapValuesOfOldRedisReadBackAsRedisLoadsThem(@TempDir Path dir) throws Exception {
    List<String> list = everyEntryEncoding();
    List<String> hash = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      hash.add("field-" + i);
      hash.add(list.get(i));
    }
    Map<String, Double> zset = new LinkedHashMap<>();
    zset.put("minus-inf", Double.NEGATIVE_INFINITY);
    zset.put("-7", -7.0);
    zset.put("pi", 3.14159);
    zset.put("int16", 30000.0);
    zset.put("int64", 9007199254740992.0);
    zset.put("big", 1e300);
    zset.put("plus-inf", Double.POSITIVE_INFINITY);
    List<String> zsetEntries = new ArrayList<>();
    zset.forEach((member, score) -> {
      zsetEntries.add(member);
      // As Redis stored scores: integers as integers (so the ziplist encodes them), the rest as %.17g.
      zsetEntries.add(score == Math.rint(score) && Math.abs(score) < 1e17 ? Long.toString((long) (double) score)
          : Double.isInfinite(score) ? (score > 0 ? "inf" : "-inf") : String.format("%.17g", score));
    });
    List<String> zipmapHash = List.of("f", "v", "empty", "", "long", "L".repeat(300), "n", "12");

    Dataset data = new Dataset();
    data.put(0, "zl:list", Stored.list(list, TTL));
    data.put(0, "zl:hash", Stored.hash(hash, -1));
    data.put(0, "zl:zset", Stored.zset(zset, -1));
    data.put(0, "zl:quicklist", Stored.list(List.of("n1", "1", "n2", "-200000", "n3"), -1));
    data.put(0, "zm:hash", Stored.hash(zipmapHash, -1));
    TestRdbFile file = new TestRdbFile(9).selectDb(0).expireAtMs(TTL);
    file.blobEntry(RdbType.LIST_ZIPLIST, "zl:list", ziplist(list));
    file.blobEntry(RdbType.HASH_ZIPLIST, "zl:hash", ziplist(hash));
    file.blobEntry(RdbType.ZSET_ZIPLIST, "zl:zset", ziplist(zsetEntries));
    file.key(RdbType.LIST_QUICKLIST, "zl:quicklist");
    file.out.writeLength(2);
    file.out.writeString(ziplist(List.of("n1", "1", "n2")));
    file.out.writeString(ziplist(List.of("-200000", "n3")));
    // LRU and LFU hints before a key are read and dropped.
    file.out.writeByte(Opcode.IDLE);
    file.out.writeLength(5000);
    file.out.writeByte(Opcode.FREQ);
    file.out.writeByte(7);
    file.blobEntry(RdbType.HASH_ZIPMAP, "zm:hash", zipmap(zipmapHash, 3));

    assertReadAndLoadedByRedis(dir, file.finish(true), data);
  }

  @Test
  void listpackValuesOfRedis7ReadBackAsRedisLoadsThem(@TempDir Path dir) throws Exception {
    List<String> entries = everyEntryEncoding();
    List<String> hash = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      hash.add(entries.get(i));
      hash.add("value-" + i);
    }
    Map<String, Double> zset = new LinkedHashMap<>();
    zset.put("a", -5000.0);
    zset.put("b", -4096.0);
    zset.put("c", 0.25);
    zset.put("d", 127.0);
    zset.put("e", 4095.0);
    zset.put("f", 1e20);
    List<String> zsetEntries = List.of("a", "-5000", "b", "-4096", "c", "0.25", "d", "127", "e", "4095",
        "f", "1e+20");
    List<String> list = new ArrayList<>(entries);
    list.add("P".repeat(20_000));
    list.add("after the plain node");

    Dataset data = new Dataset();
    data.put(2, "lp:hash", Stored.hash(hash, -1));
    data.put(2, "lp:zset", Stored.zset(zset, TTL));
    data.put(2, "lp:list", Stored.list(list, -1));
    TestRdbFile file = new TestRdbFile(10).selectDb(2);
    file.blobEntry(RdbType.HASH_LISTPACK, "lp:hash", listpack(hash));
    file.expireAtMs(TTL).blobEntry(RdbType.ZSET_LISTPACK, "lp:zset", listpack(zsetEntries));
    file.key(RdbType.LIST_QUICKLIST_2, "lp:list");
    file.out.writeLength(3);
    file.out.writeLength(2); // PACKED
    file.out.writeString(listpack(entries));
    file.out.writeLength(1); // PLAIN
    file.out.writeString(Bytes.of("P".repeat(20_000)));
    file.out.writeLength(2);
    file.out.writeString(listpack(List.of("after the plain node")));

    assertReadAndLoadedByRedis(dir, file.finish(true), data);
  }

  /** Redis 7.2 (RDB 11) stores small sets of strings as listpacks; the installed 7.0 cannot load them. */
  @Test
  void listpackSetsOfRedis72ReadBack() throws Exception {
    List<String> members = new ArrayList<>(List.of("a", "", "x".repeat(100)));
    members.addAll(Dataset.AWKWARD_NUMBERS);
    Dataset data = new Dataset();
    data.put(0, "lp:set", Stored.set(members, -1));
    byte[] file = new TestRdbFile(11).selectDb(0)
        .blobEntry(RdbType.SET_LISTPACK, "lp:set", listpack(members))
        .finish(true);

    Dataset.assertSameContents(data.expected(), RdbContents.read(file).dbs);
  }

  private static void assertReadAndLoadedByRedis(Path dir, byte[] file, Dataset data) throws Exception {
    Dataset.assertSameContents(data.expected(), RdbContents.read(file).dbs);

    RealRedis.assumeInstalled();
    Files.write(dir.resolve("handmade.rdb"), file);
    try (RealRedis redis = RealRedis.start(dir, "--dbfilename", "handmade.rdb", "--sanitize-dump-payload", "yes")) {
      data.assertMatches(redis);
    }
  }
}
