package io.dspinlock;

import io.dspinlock.internal.protocol.LockHandle;
import io.dspinlock.internal.util.Checks;
import io.dspinlock.internal.wire.PyIso;
import io.dspinlock.internal.wire.TagIds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Lock;

/**
 * A distributed spinlock on one Redis key, the base of {@link HashDSpinlock} and your own locks.
 * {@link #acquire()} waits at most {@link #maxSpinlockTries()} tries, a try being one interval of
 * {@link #spinlockSleepThresh()}: each attempt is one atomic step, and one made because of a
 * release spends no try. Waiters of all processes queue on the server in order ({@link
 * LockOptionsBuilder#fair}); {@link #close()} hands the key to the first, or makes it COMPUTED.
 *
 * <p>A lock is owned by this object (its tag), never by a thread: another thread may release it,
 * and acquiring it again while held is re-entry, counted, so that only the last {@code close()}
 * releases. A lock object is cheap: make one per use.
 *
 * <p>The tunables come from the {@link LockOptions} the lock is made with; a subclass may instead
 * override the protected methods that return them, as the Python original's subclasses do. They are
 * read on the first {@code acquire()} and must return the same values ever after. Overrides must
 * not call {@code acquire()}.
 */
public abstract class DSpinlockBase implements AutoCloseable {
  private final LockOptions options;
  private final UUID uuid = TagIds.next();
  private final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  private final String key;
  final String name; // bounded, for observers: LockOptionsBuilder.name
  private volatile LockHandle handle;

  /**
   * Creates a lock on the default session, with the default options.
   *
   * @param obj the value the lock is keyed by
   * @throws ProvidedObjectIsNotHashableException if the value has no stable encoding
   */
  protected DSpinlockBase(Object obj) {
    this(obj, LockOptions.DEFAULTS);
  }

  /**
   * Creates a lock with options; the uid is computed here ({@link #getUid(Object)}), so that a
   * value that cannot be locked on is refused at once, as in the Python original.
   *
   * @param obj the value the lock is keyed by
   * @param options the session or parameters to use, and the tunables
   * @throws NullPointerException if {@code obj} or {@code options} is null
   * @throws ProvidedObjectIsNotHashableException if the value has no stable encoding
   */
  protected DSpinlockBase(Object obj, LockOptions options) {
    this.options = Checks.notNull(options, "options");
    this.key = LockSetup.keyOf(this, obj);
    this.name = options.name() != null ? options.name() : LockSetup.defaultName(obj);
  }

  /** {@return the most attempts one {@code acquire()} makes, at least 1: 10 by default} */
  protected int maxSpinlockTries() {
    return options.maxSpinlockTries();
  }

  /** {@return the longest wait between attempts, ended sooner by a release: 0.5 s by default} */
  protected Duration spinlockSleepThresh() {
    return options.spinlockSleepThresh();
  }

  /** {@return how long a released key stays COMPUTED, so later callers can tell: 1 h by default} */
  protected Duration expireAtTimedelta() {
    return options.expireAtTimedelta();
  }

  /**
   * {@return the longest time a holder may block the key: 30 min by default} A key without a lease
   * (written by the Python original) whose tag is older than this is taken over.
   */
  protected Duration maxBlockTime() {
    return options.maxBlockTime();
  }

  /**
   * {@return the lease of a held key on the server: 30 s by default} It is renewed at a third of
   * its length, so a holder that dies frees the key within one lease; one that cannot renew for a
   * whole lease loses the lock. Capped at {@link #maxBlockTime()}.
   */
  protected Duration leaseTime() {
    return options.leaseTime();
  }

  /**
   * Returns the unique identifier of the value the lock is keyed by.
   *
   * @param obj the value given to the constructor
   * @return a non-empty string, the same in every JVM for equal values
   * @throws ProvidedObjectIsNotHashableException if the value has no stable encoding
   */
  protected abstract String getUid(Object obj);

  /**
   * {@return this lock object's tag, written into the key's value} It is {@code <uuid4>,<creation
   * time>}, the time in UTC as Python's {@code isoformat()} writes it; override only with two
   * comma-separated fields.
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

  /** {@return the Redis key of this lock: {@code dspinlock,<uid>}} */
  public String getKey() {
    return key;
  }

  /**
   * Acquires the lock, or returns on the cached path, or fails; never blocks beyond its tries.
   *
   * @return this lock, for try-with-resources
   * @throws SpinlockTriesExceededException if every attempt found the key held by someone else
   * @throws FailIfKeyExistsIsEnabledException if the key exists and {@code failIfKeyExists} is set
   * @throws InvalidValueEncounteredDuringUnpackingException if the key holds a foreign value
   * @throws AtomicQueryInvalidStateException if the key holds another Redis type
   * @throws RedisUnavailableException if Redis does not answer in time
   * @throws DSpinlockException if interrupted while waiting (seen within 0.1 s; the interrupt flag
   *     is kept)
   */
  public DSpinlockBase acquire() {
    try {
      handle().acquire(true, null);
    } catch (InterruptedException e) {
      throw LockView.interrupted(this, e);
    }
    return this;
  }

  /**
   * Acquires the lock if it can within {@code maxWait}, whatever {@link #maxSpinlockTries()},
   * waiting at most {@link #spinlockSleepThresh()} between attempts; true on the cached path too.
   *
   * @param maxWait how long to try; zero for a single attempt
   * @return true if acquired (or cached); false if the time ran out or the key exists and {@code
   *     failIfKeyExists} is set
   * @throws IllegalArgumentException if {@code maxWait} is negative
   * @throws DSpinlockException if Redis fails, or if interrupted (the interrupt flag is kept)
   */
  public boolean tryAcquire(Duration maxWait) {
    return LockView.tryAcquire(this, maxWait);
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
   * lock.acquireAsync().thenAccept(held -> { try (held) { work(); } });
   * }</pre>
   *
   * @return a stage that completes when the lock is held (or cached)
   */
  public CompletionStage<? extends DSpinlockBase> acquireAsync() {
    return handle().acquireAsync(this);
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
    return LockView.run(this, action);
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
    return LockView.call(this, options.cachedIfComputed(), action);
  }

  /**
   * Returns this lock as a {@link Lock}, for code written against {@code java.util.concurrent}.
   * Unlike a {@code ReentrantLock}, it is owned by this object, not by a thread; {@code lock()} is
   * bounded like {@link #acquire()} and throws {@link SpinlockTriesExceededException} when its
   * tries run out; {@code newCondition()} is not supported; {@code unlock()} of a lock not held
   * throws {@link IllegalMonitorStateException}.
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

  /** {@return whether this object holds the lock: acquired, not yet released, and not lost} */
  public boolean isHeld() {
    LockHandle h = handle;
    return h != null && h.isHeld();
  }

  /**
   * {@return whether the last {@code acquire()} took the cached path} The key was COMPUTED and this
   * lock is cached-if-computed, so it returned without holding: read the cached result instead.
   */
  public boolean isComputed() {
    LockHandle h = handle;
    return h != null && h.isComputed();
  }

  /**
   * {@return the fencing token of the latest acquisition} It grows strictly per key across all
   * clients, so a resource that remembers the highest token it saw can refuse a holder that was
   * paused past its lease.
   *
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
   * @throws AtomicQueryInvalidStateException if another holder has it BLOCKED, or another type
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
   * @throws InvalidMutexReleaseEncounteredException if the lock was lost or the key is not ours
   * @throws RedisUnavailableException if Redis does not answer in time; its lease then frees the
   *     key
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
    return h != null ? h : firstHandle();
  }

  private synchronized LockHandle firstHandle() {
    return handle != null ? handle : (handle = LockSetup.handleOf(this, options));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + getKey() + (isHeld() ? ", held" : "") + "]";
  }
}
