package io.dspinlock;

import io.dspinlock.internal.protocol.LockHandle;
import io.dspinlock.internal.protocol.LockProtocol;
import io.dspinlock.internal.protocol.LockSettings;
import io.dspinlock.internal.protocol.SessionCore;
import io.dspinlock.internal.wire.LockKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a lock object needs before its first acquisition: its key, checked when the object is made,
 * and its handle, made on first use from the values of its (possibly overridden) methods.
 */
final class LockSetup {
  private LockSetup() {}

  /** Returns {@code dspinlock,<uid>}, refusing a uid that cannot make a key. */
  static String keyOf(DSpinlockBase lock, Object obj) {
    Objects.requireNonNull(obj, "the value to lock on must not be null");
    String uid = lock.getUid(obj);
    if (uid == null || uid.isEmpty()) {
      throw new ProvidedObjectIsNotHashableException(
          obj.getClass(), "getUid() returned " + (uid == null ? "null" : "an empty uid"));
    }
    String key = Consts.KEY_PREFIX + "," + uid;
    LockKeys.slotPart(key);
    return key;
  }

  /**
   * Returns a lock's default bounded name: a string's text up to its first {@code ':'}, else the
   * simple name of the value's class.
   */
  static String defaultName(Object obj) {
    if (obj instanceof String) {
      String s = (String) obj;
      int colon = s.indexOf(':');
      return colon > 0 ? s.substring(0, colon) : s.isEmpty() ? "-" : s;
    }
    String simple = obj.getClass().getSimpleName();
    return simple.isEmpty() ? obj.getClass().getName() : simple;
  }

  /** Reads the lock's tunables and hooks, checks them, and connects the lock to its session. */
  static LockHandle handleOf(DSpinlockBase lock, LockOptions options) {
    SessionCore[] core = new SessionCore[1]; // connected once the tunables are checked
    LockSettings settings =
        LockSettings.of(
            lock.getKey(),
            lock.getTag(),
            lock.maxSpinlockTries(),
            lock.spinlockSleepThresh(),
            lock.leaseTime(),
            lock.maxBlockTime(),
            lock.expireAtTimedelta(),
            options.failIfKeyExists(),
            options.cachedIfComputed(),
            options.waitForReplicas(),
            options.replicaTimeout(),
            options.fair(),
            () -> core[0] = sessionOf(lock, options));
    SessionCore session = core[0] != null ? core[0] : sessionOf(lock, options);
    session.requireSafeServer(lock.getKey());
    LockProtocol protocol =
        new LockProtocol(session, settings, raw -> describe(lock::unpackValue, raw));
    LockLostListener listener = options.lockLostListener();
    return new LockHandle(
        session,
        protocol,
        listener == null ? LockSetup::nobodyListens : reason -> listener.lockLost(lock, reason),
        lock,
        lock.name);
  }

  private static void nobodyListens(String reason) {
    // no listener: the loss shows in isHeld() and at close()
  }

  private static SessionCore sessionOf(DSpinlockBase lock, LockOptions options) {
    if (options.session() != null) {
      return options.session().core();
    }
    if (options.redisParameters() != null) {
      return DefaultSessions.forLock(lock, options.redisParameters()).core();
    }
    return DefaultSessions.defaultSession().core();
  }

  /** Describes a value found at a key, for messages: its holder, state and age. */
  static String describe(Function<String, UnpackedValue> unpack, String raw) {
    try {
      UnpackedValue v = unpack.apply(raw);
      String age =
          v.createdAt()
              .map(t -> ", created " + Duration.between(t, Instant.now()).toMillis() + " ms ago")
              .orElse("");
      return "found " + v.state() + " by " + v.tag() + age;
    } catch (RuntimeException unreadable) {
      return "found '" + raw + "'";
    }
  }
}
