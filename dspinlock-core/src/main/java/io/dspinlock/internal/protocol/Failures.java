package io.dspinlock.internal.protocol;

import io.dspinlock.AtomicQueryInvalidStateException;
import io.dspinlock.DSpinlockException;
import io.dspinlock.FailIfKeyExistsIsEnabledException;
import io.dspinlock.InvalidMutexReleaseEncounteredException;
import io.dspinlock.InvalidValueEncounteredDuringUnpackingException;
import io.dspinlock.RedisRefusedException;
import io.dspinlock.internal.scripts.Outcome;
import io.dspinlock.internal.scripts.Script;
import java.util.function.Function;

/** The exceptions that the scripts' refusals become, each naming the key and what was found. */
final class Failures {
  private Failures() {}

  /** An attempt that neither took the key nor found it held by another. */
  static RuntimeException ofAttempt(String key, Script.Reply reply, Function<String, String> h) {
    if (reply.outcome() == Outcome.EXISTS) {
      return new FailIfKeyExistsIsEnabledException(
          key + " exists and failIfKeyExists is set; " + h.apply(reply.text(1)));
    }
    return unexpected(key, reply, Script.ACQUIRE);
  }

  private static RedisRefusedException refused(String key, Script.Reply reply) {
    return new RedisRefusedException(
        "Redis refused to write " + key + ", and nothing was written: " + reply.text(1));
  }

  /** A release or handoff that found the key not ours. */
  static RuntimeException ofRelease(String key, Script.Reply reply, Function<String, String> h) {
    switch (reply.outcome()) {
      case GONE:
        return new InvalidMutexReleaseEncounteredException(
            "cannot release " + key + ": the key is gone (its lease ran out, or it was deleted)");
      case NOT_OURS:
        return new InvalidMutexReleaseEncounteredException(
            "cannot release " + key + ": it is not ours any more; " + h.apply(reply.text(1)));
      case WRONGTYPE:
        return new InvalidMutexReleaseEncounteredException(
            "cannot release " + key + ": " + reply.text(1));
      case REFUSED:
        return refused(key, reply);
      default:
        return new DSpinlockException("release answered " + reply + " for " + key);
    }
  }

  /** A delete that found the key BLOCKED by another, or not a lock. */
  static RuntimeException ofDelete(String key, Script.Reply reply, Function<String, String> h) {
    if (reply.outcome() == Outcome.BLOCKED) {
      return new AtomicQueryInvalidStateException(
          "refusing to delete " + key + ": " + h.apply(reply.text(1)));
    }
    return unexpected(key, reply, Script.DELETE);
  }

  /** A key that holds something else than a lock, or a reply the script never gives. */
  private static RuntimeException unexpected(String key, Script.Reply reply, Script script) {
    switch (reply.outcome()) {
      case INVALID:
        return new InvalidValueEncounteredDuringUnpackingException(key, reply.text(1));
      case WRONGTYPE:
        return new AtomicQueryInvalidStateException(
            reply.text(1) + ", not a dspinlock value; left untouched");
      case REFUSED:
        return refused(key, reply);
      default:
        return new DSpinlockException(script + " answered " + reply + " for " + key);
    }
  }
}
