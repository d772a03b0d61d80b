package io.verdis.cluster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slot table's follower lists, where followers are placed, and which one a failover promotes. */
class FollowersInTableTest {
  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);
  private static final String C = "c".repeat(40);
  private static final String D = "d".repeat(40);
  private static final Map<String, String> ONE_HOST = Map.of(A, "h", B, "h", C, "h", D, "h");
  private static final Set<String> ALL_UP = Set.of(A, B, C, D);
  private static final BiPredicate<String, String> SYNCED = (owner, follower) -> true;

  private static SlotOwners threeOwners() {
    SlotOwners table = SlotOwners.empty();
    table = table.withOwner(IntStream.range(0, 5461).toArray(), A);
    table = table.withOwner(IntStream.range(5461, 10922).toArray(), B);
    return table.withOwner(IntStream.range(10922, SlotOwners.SLOTS).toArray(), C);
  }

  @Test
  @DisplayName("a table without followers keeps the first binary form; one with them round-trips")
  void encoding() {
    SlotOwners plain = threeOwners();
    byte[] first = plain.encode();
    assertEquals(0x56534c54, java.nio.ByteBuffer.wrap(first).getInt());
    SlotOwners followed = plain.withFollowers(Map.of(A, List.of(B), B, List.of(C, A)));
    SlotOwners decoded = SlotOwners.decode(followed.encode());
    assertEquals(followed.epoch(), decoded.epoch());
    assertEquals(List.of(B), decoded.followersOf(A));
    assertEquals(List.of(C, A), decoded.followersOf(B));
    assertEquals(List.of(), decoded.followersOf(C));
    assertEquals(List.of(B), decoded.followedBy(A));
    assertEquals(List.of(A), decoded.followedBy(B));
    assertEquals(List.of(B), decoded.followedBy(C));
    assertArrayEquals(followed.encode(), decoded.encode());
    assertEquals(plain.epoch() + 1, followed.epoch());
  }

  @Test
  @DisplayName("a follower that owns nothing stays named; an owner that lost its slots loses its followers")
  void compaction() {
    SlotOwners table = threeOwners().withFollowers(Map.of(A, List.of(D)));
    assertEquals(List.of(D), SlotOwners.decode(table.encode()).followersOf(A));
    assertEquals(List.of(A), table.followedBy(D));
    SlotOwners moved = table.withOwner(table.slotsOf(A), B);
    assertEquals(0, moved.count(A));
    assertEquals(List.of(), moved.followersOf(A));
    assertEquals(List.of(), moved.followedBy(D));
    assertTrue(!moved.hasFollowers());
    assertThrows(IllegalArgumentException.class, () -> table.withFollowers(Map.of(A, List.of(A))));
  }

  @Test
  @DisplayName("promotion gives every slot of the lost owner to its follower at the next epoch")
  void promotion() {
    SlotOwners table = threeOwners().withFollowers(Map.of(A, List.of(B), B, List.of(C), C, List.of(A)));
    int[] slotsOfA = table.slotsOf(A);
    SlotOwners promoted = table.withPromotion(A, slotsOfA, B);
    assertEquals(table.epoch() + 1, promoted.epoch());
    assertEquals(0, promoted.count(A));
    assertEquals(slotsOfA.length + table.count(B), promoted.count(B));
    assertEquals(List.of(C), promoted.followersOf(B));
    assertEquals(List.of(A), promoted.followersOf(C)); // down, replaced by the placement
    assertThrows(IllegalArgumentException.class, () -> table.withPromotion(A, slotsOfA, C));
    assertThrows(IllegalArgumentException.class, () -> table.withPromotion(A, table.slotsOf(B), B));
  }

  @Test
  @DisplayName("a promotion of part of an owner's slots leaves it the rest, and its followers")
  void partialPromotion() {
    SlotOwners table = threeOwners().withFollowers(Map.of(A, List.of(B), B, List.of(C), C, List.of(A)));
    int[] slotsOfA = table.slotsOf(A);
    int[] firstHalf = java.util.Arrays.copyOf(slotsOfA, slotsOfA.length / 2);
    SlotOwners promoted = table.withPromotion(A, firstHalf, B);
    assertEquals(slotsOfA.length - firstHalf.length, promoted.count(A));
    assertEquals(List.of(B), promoted.followersOf(A));
    assertEquals(B, promoted.ownerOf(firstHalf[0]));
  }

  @Test
  @DisplayName("equal nodes on one host form a ring; a table already placed is left as it is")
  void ring() {
    SlotOwners placed = FollowerPlacement.place(threeOwners(), 1, List.of(A, B, C), ONE_HOST, ALL_UP, SYNCED);
    assertEquals(List.of(B), placed.followersOf(A));
    assertEquals(List.of(C), placed.followersOf(B));
    assertEquals(List.of(A), placed.followersOf(C));
    assertSame(placed, FollowerPlacement.place(placed, 1, List.of(A, B, C), ONE_HOST, ALL_UP, SYNCED));
    SlotOwners two = FollowerPlacement.place(threeOwners(), 2, List.of(A, B, C), ONE_HOST, ALL_UP, SYNCED);
    for (String owner : List.of(A, B, C)) {
      assertEquals(2, two.followersOf(owner).size(), two.toString());
      assertTrue(!two.followersOf(owner).contains(owner));
    }
    SlotOwners none = FollowerPlacement.place(placed, 0, List.of(A, B, C), ONE_HOST, ALL_UP, SYNCED);
    assertTrue(!none.hasFollowers(), none.toString());
  }

  @Test
  @DisplayName("a follower that is not eligible any more is replaced; the others keep following")
  void replacement() {
    SlotOwners placed = FollowerPlacement.place(threeOwners(), 1, List.of(A, B, C, D), ONE_HOST, ALL_UP, SYNCED);
    String followerOfC = placed.followersOf(C).get(0);
    List<String> without = new java.util.ArrayList<>(List.of(A, B, C, D));
    without.remove(followerOfC);
    SlotOwners replaced = FollowerPlacement.place(placed, 1, without, ONE_HOST, ALL_UP, SYNCED);
    assertTrue(!replaced.followersOf(C).contains(followerOfC), replaced.toString());
    for (String owner : List.of(A, B)) {
      if (!placed.followersOf(owner).contains(followerOfC)) {
        assertEquals(placed.followersOf(owner), replaced.followersOf(owner));
      }
    }
  }

  @Test
  @DisplayName("the followers of an owner that is down stay, even one that is not eligible: it may hold the only copy")
  void downOwnersKeepTheirFollowers() {
    SlotOwners placed = FollowerPlacement.place(threeOwners(), 1, List.of(A, B, C), ONE_HOST, ALL_UP, SYNCED);
    // A is down and its follower B is not eligible for a moment (restarting): B keeps following A.
    SlotOwners again = FollowerPlacement.place(placed, 1, List.of(C), ONE_HOST, Set.of(C), SYNCED);
    assertEquals(List.of(B), again.followersOf(A));
    assertEquals(List.of(C), again.followersOf(B));
  }

  @Test
  @DisplayName("nodes that joined one by one (the first following two owners, the last none) are evened into a ring,"
      + " the new follower added before the old one goes")
  void unevenFollowingIsEvened() {
    SlotOwners uneven = threeOwners().withFollowers(Map.of(A, List.of(B), B, List.of(A), C, List.of(A)));
    BiPredicate<String, String> copying = (owner, follower) -> false;
    SlotOwners replacing = FollowerPlacement.place(uneven, 1, List.of(A, B, C), ONE_HOST, ALL_UP, copying);
    assertEquals(List.of(A, C), replacing.followersOf(B), "C copies B while A still follows it: " + replacing);
    assertSame(replacing, FollowerPlacement.place(replacing, 1, List.of(A, B, C), ONE_HOST, ALL_UP, copying),
        "nothing changes until C has a complete copy");
    SlotOwners even = FollowerPlacement.place(replacing, 1, List.of(A, B, C), ONE_HOST, ALL_UP, SYNCED);
    for (String node : List.of(A, B, C)) {
      assertEquals(1, even.followedBy(node).size(), even.toString());
      assertEquals(1, even.followersOf(node).size(), even.toString());
    }
    assertEquals(List.of(B), even.followersOf(A), "the follows that were even stay: " + even);
    assertSame(even, FollowerPlacement.place(even, 1, List.of(A, B, C), ONE_HOST, ALL_UP, SYNCED));
    // A difference of one is left alone: four owners, three followers each following at most two.
    SlotOwners placed = FollowerPlacement.place(threeOwners(), 1, List.of(A, B, C, D), ONE_HOST, ALL_UP, SYNCED);
    assertSame(placed, FollowerPlacement.place(placed, 1, List.of(A, B, C, D), ONE_HOST, ALL_UP, SYNCED));
  }

  @Test
  @DisplayName("CLUSTER FAILOVER is refused with Redis's errors: not a follower, owner down without FORCE, cut off")
  void manualFailoverRefusals() {
    SlotOwners table = threeOwners().withFollowers(Map.of(A, List.of(B)));
    Map<String, NodeAddress> none = Map.of();
    java.util.BitSet still = new java.util.BitSet();
    ClusterView follower = new ClusterView(B, table, none, ALL_UP, still, false);
    assertEquals(null, ManualFailover.refusal(follower, ManualFailover.Mode.COORDINATED));
    assertEquals("ERR You should send CLUSTER FAILOVER to a replica",
        ManualFailover.refusal(new ClusterView(C, table, none, ALL_UP, still, false), ManualFailover.Mode.FORCE));
    ClusterView ownerDown = new ClusterView(B, table, none, Set.of(B, C), still, false);
    assertEquals("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE",
        ManualFailover.refusal(ownerDown, ManualFailover.Mode.COORDINATED));
    assertEquals(null, ManualFailover.refusal(ownerDown, ManualFailover.Mode.FORCE));
    assertEquals(null, ManualFailover.refusal(ownerDown, ManualFailover.Mode.TAKEOVER));
    ClusterView cutOff = new ClusterView(B, table, none, Set.of(B), still, true);
    assertTrue(ManualFailover.refusal(cutOff, ManualFailover.Mode.TAKEOVER).contains("majority"));
  }

  @Test
  @DisplayName("a follower on another host is preferred to one on the owner's host")
  void hosts() {
    Map<String, String> hosts = Map.of(A, "h1", B, "h1", C, "h2", D, "h2");
    SlotOwners placed = FollowerPlacement.place(threeOwners(), 1, List.of(A, B, C, D), hosts, ALL_UP, SYNCED);
    assertEquals("h2", hosts.get(placed.followersOf(A).get(0)));
    assertEquals("h2", hosts.get(placed.followersOf(B).get(0)));
    assertEquals("h1", hosts.get(placed.followersOf(C).get(0)));
  }

  @Test
  @DisplayName("the failover promotes the up follower with a copy that applied the most")
  void failoverChoice() {
    SlotOwners table = threeOwners().withFollowers(Map.of(A, List.of(B, C)));
    assertEquals(Optional.of(C), FailoverChoice.choose(table, A, Set.of(B, C), Map.of(B, 100L, C, 120L)));
    assertEquals(Optional.of(B), FailoverChoice.choose(table, A, Set.of(B, C), Map.of(B, 120L, C, 120L)));
    assertEquals(Optional.of(B), FailoverChoice.choose(table, A, Set.of(B), Map.of(B, 100L, C, 120L)));
    assertEquals(Optional.empty(), FailoverChoice.choose(table, A, Set.of(B, C), Map.of()));
    assertEquals(Optional.empty(), FailoverChoice.choose(table, A, Set.of(B, C), Map.of(D, 500L)));
  }
}
