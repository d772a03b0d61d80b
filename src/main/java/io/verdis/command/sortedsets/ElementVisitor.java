package io.verdis.command.sortedsets;

/** Receives the elements of a sorted set one by one. */
@FunctionalInterface
interface ElementVisitor {
  void visit(byte[] member, double score);
}
