package io.dspinlock;

import io.dspinlock.internal.Budget;
import io.dspinlock.internal.LockHandle;
import io.dspinlock.internal.LockKeys;
import io.dspinlock.internal.LockSpec;
import io.dspinlock.internal.PyIso;
import io.dspinlock.internal.SessionCore;
import io.dspinlock.internal.TagIds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Lock;

/**
 * A distributed spinlock on one Redis key: the base that {@link HashDSpinlock} and your own locks
 * extend.
 *
 * <p>{@link #acquire()} makes at most {@link #maxSpinlockTries()} attempts, each one atomic step on
 * the server, and waits at most {@link #spinlockSleepThresh()} between them, waking at once when
 * the holder releases. {@link #close()} releases: the key becomes COMPUTED for {@link
 * #expireAtTimedelta()}.
 *
 * <p>A lock is owned by this object (its tag), never by a thread: it may be released by another
 * thread than the one that acquired it, and acquiring it again while held is re-entry, counted, so
 * that only the last {@code close()} releases. A lock object is cheap: make one per use.
 *
 * <p>Subclasses tune behaviour by overriding the protected methods; they are read on the first
 * {@code acquire()} and must return the same values ever after. Overrides must not call {@code
 * acquire()}.
 */
public abstract class DSpinlockBase implements AutoCloseable {
  private final Object obj;
  private final LockOptions options;
  private final UUID uuid = TagIds.next();
  private final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  private volatile String key;
  private volatile LockHandle handle;

  /**
   * Creates a lock on the default session.
   *
   * @param obj the value the lock is keyed by
   * @throws NullPointerException if {@code obj} is null
   */
  protected DSpinlockBase(Object obj) {
    this(obj, LockOptions.DEFAULTS);
  }

  /**
   * Creates a lock with options.
   *
   * @param obj the value the lock is keyed by
   * @param options the session or parameters to use, and the flags
   * @throws NullPointerException if {@code obj} or {@code options} is null
   */
  protected DSpinlockBase(Object obj, LockOptions options) {
    this.obj = Objects.requireNonNull(obj, "the value to lock on must not be null");
    this.options = Objects.requireNonNull(options, "options");
  }

  // ---- Tunables: override to change. ----

  /**
   * Returns the most attempts one {@code acquire()} makes; 10 unless overridden.
   *
   * @return at least 1
   */
  protected int maxSpinlockTries() {
    return 10;
  }

  /**
   * Returns the longest wait between two attempts; 0.5 s unless overridden. A release by the holder
   * ends the wait sooner.
   *
   * @return a positive duration
   */
  protected Duration spinlockSleepThresh() {
    return Duration.ofMillis(500);
  }

  /**
   * Returns how long a released key stays COMPUTED, so that later callers can tell; 1 h unless
   * overridden.
   *
   * @return a positive duration
   */
  protected Duration expireAtTimedelta() {
    return Duration.ofHours(1);
  }

  /**
   * Returns the longest time a holder may block the key; 30 min unless overridden. A key without a
   * lease (written by the Python original) whose tag is older than this is taken over.
   *
   * @return a positive duration
   */
  protected Duration maxBlockTime() {
    return Duration.ofMinutes(30);
  }

  /**
   * Returns the lease of a held key on the server; 30 s unless overridden. The library renews it in
   * the background at a third of its length, so a holder that dies frees the key within one lease;
   * a holder that cannot renew for a whole lease loses the lock. Capped at {@link #maxBlockTime()}.
   *
   * @return a positive duration
   */
  protected Duration leaseTime() {
    return Duration.ofSeconds(30);
  }

  // ---- Hooks: override to change how keys and values look. ----

  /**
   * Returns the unique identifier of the value the lock is keyed by.
   *
   * @param obj the value given to the constructor
   * @return a non-empty string, the same in every JVM for equal values
   * @throws ProvidedObjectIsNotHashableException if the value has no stable encoding
   */
  protected abstract String getUid(Object obj);

  /**
   * Returns this lock object's tag: {@code <uuid4>,<creation time>}, the creation time in UTC as
   * Python's {@code isoformat()} writes it. Override only with two comma-separated fields.
   *
   * @return the tag written into the key's value
   */
  protected String getTag() {
    return uuid + "," + PyIso.format(createdAt);
  }

  /**
   * Reads a key's value; used to describe holders in messages and by tools that inspect keys.
   *
   * @param raw the value stored at the key
   * @return its fields
   * @throws InvalidValueEncounteredDuringUnpackingException if it is not in the wire format
   */
  protected UnpackedValue unpackValue(String raw) {
    return UnpackedValue.parse(raw);
  }

  /**
   * Returns the Redis key of this lock: {@code dspinlock,<uid>}.
   *
   * @return the key
   * @throws ProvidedObjectIsNotHashableException if the value has no stable encoding
   */
  public String getKey() {
    String k = key;
    if (k == null) {
      String uid = getUid(obj);
      if (uid == null || uid.isEmpty()) {
        throw new ProvidedObjectIsNotHashableException(
            obj.getClass(), "getUid() returned " + (uid == null ? "null" : "an empty uid"));
      }
      k = Consts.KEY_PREFIX + "," + uid;
      LockKeys.slotPart(k);
      key = k;
    }
    return k;
  }

  /**
   * Returns the value this lock is keyed by.
   *
   * @return the value given to the constructor
   */
  public Object getObject() {
    return obj;
  }

  // ---- The lock. ----

  /**
   * Acquires the lock, or returns on the cached path, or fails; never blocks beyond its tries.
   *
   * @return this lock, for try-with-resources
   * @throws SpinlockTriesExceededException if every attempt found the key held by someone else
   * @throws FailIfKeyExistsIsEnabledException if the key exists and {@code failIfKeyExists} is set
   * @throws InvalidValueEncounteredDuringUnpackingException if the key holds a foreign value
   * @throws AtomicQueryInvalidStateException if the key holds another Redis type
   * @throws RedisUnavailableException if Redis does not answer in time
   * @throws DSpinlockException if interrupted while waiting (the interrupt flag is kept)
   */
  public DSpinlockBase acquire() {
    LockHandle h = handle();
    try {
      h.acquire(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DSpinlockException("interrupted while waiting for " + h.spec().key(), e);
    }
    return this;
  }

  /**
   * Acquires the lock if it can within {@code maxWait}: attempts go on until then, whatever {@link
   * #maxSpinlockTries()}, waiting at most {@link #spinlockSleepThresh()} between them. Like {@link
   * #acquire()}, it returns {@code true} on the cached path too ({@link #isComputed()}).
   *
   * @param maxWait how long to try; zero for a single attempt
   * @return true if acquired (or cached); false if the time ran out or the key exists and {@code
   *     failIfKeyExists} is set
   * @throws IllegalArgumentException if {@code maxWait} is negative
   * @throws RedisUnavailableException if Redis does not answer in time
   * @throws DSpinlockException if interrupted while waiting (the interrupt flag is kept)
   */
  public boolean tryAcquire(Duration maxWait) {
    try {
      acquireWithin(true, maxWait);
      return true;
    } catch (SpinlockTriesExceededException | FailIfKeyExistsIsEnabledException notNow) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DSpinlockException("interrupted while waiting for " + getKey(), e);
    }
  }

  /** Acquires within {@code maxWait}, or within the tries when it is null. */
  final void acquireWithin(boolean interruptible, Duration maxWait) throws InterruptedException {
    LockHandle h = handle();
    if (maxWait == null) {
      h.acquire(interruptible);
      return;
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
    }
    h.acquire(interruptible, Budget.until(System.nanoTime() + maxWait.toNanos()));
  }

  /**
   * Acquires without blocking the calling thread: the wait is a timer and a place in the key's
   * queue, and the short Redis calls run on a small pool of the session. Completes with this lock
   * as {@link #acquire()} returns, or exceptionally with what it throws. Cancelling the returned
   * stage itself (its {@code toCompletableFuture().cancel(..)}; cancelling a stage derived from it
   * does not reach back) withdraws the acquisition, and a lock taken meanwhile is released; if
   * {@code cancel} returns false the lock was already acquired, and the caller must close it.
   *
   * <pre>{@code
   * lock.acquireAsync().thenAccept(held -> {
   *   try (held) {
   *     // ...
   *   }
   * });
   * }</pre>
   *
   * @return a stage that completes when the lock is held (or cached)
   */
  public CompletionStage<? extends DSpinlockBase> acquireAsync() {
    LockHandle h = handle();
    return h.acquireAsync(Budget.tries(h.spec().maxTries()), this);
  }

  /**
   * Runs an action while holding the lock, and releases it after, whether the action returns or
   * throws. On the cached path (the key is COMPUTED and the lock is cached-if-computed) the action
   * is not run.
   *
   * @param action what to do under the lock
   * @return true if the action ran, false on the cached path
   * @throws SpinlockTriesExceededException and the other exceptions of {@link #acquire()}
   */
  public boolean run(Runnable action) {
    Objects.requireNonNull(action, "action");
    acquire();
    try {
      if (isComputed()) {
        return false;
      }
      action.run();
      return true;
    } finally {
      close();
    }
  }

  /**
   * Calls an action while holding the lock, and releases it after, whether the action returns or
   * throws; the action's own exception comes out as it is.
   *
   * @param action what to do under the lock
   * @param <T> what it returns
   * @param <E> what it may throw
   * @return what the action returned
   * @throws E if the action throws it
   * @throws IllegalStateException if the lock is cached-if-computed: use {@link
   *     RedisSession#computeOnce} for cached results
   */
  public <T, E extends Exception> T call(LockedCall<T, E> action) throws E {
    Objects.requireNonNull(action, "action");
    if (options.cachedIfComputed()) {
      throw new IllegalStateException(
          "call() needs a lock that holds; for a cached result use RedisSession.computeOnce");
    }
    acquire();
    try {
      return action.call();
    } finally {
      close();
    }
  }

  /**
   * Returns this lock as a {@link Lock}, for code written against {@code java.util.concurrent}.
   *
   * <p>Differences from a {@code ReentrantLock}: ownership is by this object, not by a thread, so
   * another thread may unlock it; {@code lock()} is bounded like {@link #acquire()} and throws
   * {@link SpinlockTriesExceededException} when its tries run out, instead of waiting forever;
   * {@code newCondition()} is not supported. {@code unlock()} on a lock not held throws {@link
   * IllegalMonitorStateException}.
   *
   * @return a view of this lock
   * @throws IllegalStateException if the lock is cached-if-computed (it may return without holding)
   */
  public Lock asLock() {
    if (options.cachedIfComputed()) {
      throw new IllegalStateException("a cached-if-computed lock may return without holding");
    }
    return new LockView(this);
  }

  /**
   * Tells whether this object holds the lock: acquired, not yet released, and not lost.
   *
   * @return true between a holding {@code acquire()} and the matching {@code close()}
   */
  public boolean isHeld() {
    LockHandle h = handle;
    return h != null && h.isHeld();
  }

  /**
   * Tells whether the last {@code acquire()} took the cached path: the key was COMPUTED and this
   * lock is cached-if-computed, so it returned without holding the lock.
   *
   * @return true if the caller should read the cached result instead of computing
   */
  public boolean isComputed() {
    LockHandle h = handle;
    return h != null && h.isComputed();
  }

  /**
   * Returns the fencing token of the latest acquisition: it grows strictly per key across all
   * clients, so a resource that remembers the highest token it saw can refuse a holder that was
   * paused past its lease.
   *
   * @return the token
   * @throws IllegalStateException if this lock was never acquired
   */
  public long fencingToken() {
    LockHandle h = handle;
    if (h == null) {
      throw new IllegalStateException("no fencing token: " + this + " was never acquired");
    }
    return h.fencingToken();
  }

  /**
   * Deletes the key's state (COMPUTED, or BLOCKED by this lock), so that the next caller computes
   * afresh; never deletes another holder's BLOCKED key.
   *
   * @return true if a value was deleted, false if the key was absent
   * @throws AtomicQueryInvalidStateException if another holder has the key BLOCKED, or it holds
   *     another Redis type
   * @throws InvalidValueEncounteredDuringUnpackingException if the key holds a foreign value
   */
  public boolean deleteAtomicQueryMutexState() {
    return handle().delete();
  }

  /**
   * Releases the lock if this object holds it: the key becomes COMPUTED and waiters wake. Does
   * nothing if the lock is not held (never acquired, cached path, already closed); after a
   * re-entrant {@code acquire()} only the last {@code close()} releases.
   *
   * @throws InvalidMutexReleaseEncounteredException if the lock was lost or the key is no longer
   *     ours; the other holder's key is left untouched
   * @throws RedisUnavailableException if Redis does not answer in time; the key then frees itself
   *     when its lease runs out
   */
  @Override
  public void close() {
    LockHandle h = handle;
    if (h != null) {
      h.close();
    }
  }

  LockHandle handle() {
    LockHandle h = handle;
    if (h == null) {
      synchronized (this) {
        h = handle;
        if (h == null) {
          h = new LockHandle(session(), spec(), this::describeHolder, this::lost);
          handle = h;
        }
      }
    }
    return h;
  }

  private LockSpec spec() {
    return LockSpec.of(
        getKey(),
        getTag(),
        maxSpinlockTries(),
        spinlockSleepThresh(),
        leaseTime(),
        maxBlockTime(),
        expireAtTimedelta(),
        options.failIfKeyExists(),
        options.cachedIfComputed(),
        options.waitForReplicas(),
        options.replicaTimeout());
  }

  private SessionCore session() {
    if (options.session() != null) {
      return options.session().core();
    }
    if (options.redisParameters() != null) {
      return DefaultSessions.forParameters(options.redisParameters()).core();
    }
    return DefaultSessions.defaultSession().core();
  }

  private void lost(String reason) {
    LockLostListener listener = options.lockLostListener();
    if (listener != null) {
      listener.lockLost(this, reason);
    }
  }

  private String describeHolder(String raw) {
    try {
      UnpackedValue v = unpackValue(raw);
      String age =
          v.createdAt()
              .map(t -> ", created " + Duration.between(t, Instant.now()).toMillis() + " ms ago")
              .orElse("");
      return "found " + v.state() + " by " + v.tag() + age;
    } catch (RuntimeException unreadable) {
      return "found '" + raw + "'";
    }
  }

  @Override
  public String toString() {
    String k;
    try {
      k = getKey();
    } catch (RuntimeException noKey) {
      k = "?";
    }
    return getClass().getSimpleName() + "[" + k + (isHeld() ? ", held" : "") + "]";
  }
}
