package io.mneme.engine;

/**
 * What ZUNION, ZINTER and ZDIFF (and their STORE forms) read from a plain set given as an
 * input, where every member scores 1, as Redis's zuiNext/zuiFind read a set. The set type
 * implements it; the sorted set commands need nothing else from it.
 */
interface MemberSet {
  int size();

  boolean contains(byte[] member);

  /** The member at position i, 0 <= i < size(), in any fixed order. */
  byte[] memberAt(int i);
}
