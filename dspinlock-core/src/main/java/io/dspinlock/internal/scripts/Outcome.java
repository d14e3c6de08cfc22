package io.dspinlock.internal.scripts;

/** What a script answered: the first word of its reply, or what its integer reply means. */
public enum Outcome {
  /** The key is now BLOCKED with our tag; detail: the fencing token. */
  ACQUIRED,
  /** The key was already BLOCKED with our tag; detail: the fencing token. */
  OURS,
  /** The key is COMPUTED and the lock takes the cached path; detail: the value. */
  COMPUTED,
  /** Held by another tag; details: the value, its PTTL. */
  BLOCKED,
  /** The key exists and the lock fails if it does; detail: the value. */
  EXISTS,
  /** The key holds a string that is not in the wire format; detail: the value. */
  INVALID,
  /** The key, or its counter, holds another Redis type; detail: what it holds. */
  WRONGTYPE,
  /** Redis refused the step's first write, so nothing was written; detail: its error reply. */
  REFUSED,
  /** Released: now COMPUTED. */
  RELEASED,
  /** Already released: a retried release or handoff finds the key COMPUTED with our tag. */
  ALREADY,
  /** The key is absent. */
  GONE,
  /** The key is another holder's; detail: the value. */
  NOT_OURS,
  /** Handed to the head of the key's queue; details: its BLOCKED value, its fencing token. */
  GRANTED,
  /** A fair waiter left the key's queue. */
  LEFT,
  /** Handed to the next holder; detail: its fencing token. */
  HANDED,
  /** The lease was renewed. */
  RENEWED,
  /** The key's state was deleted; detail: the value. */
  DELETED,
  /** There was nothing to delete. */
  ABSENT,
  /** The facts {@link Script#INSPECT} reads: type, value, PTTL, counter. */
  FACTS
}
