package io.dspinlock.internal.protocol;

import io.dspinlock.RedisNotInitializedException;
import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.scripts.LockCalls;
import io.dspinlock.internal.util.Log;
import io.dspinlock.internal.waiting.Notifier;
import io.dspinlock.internal.waiting.WaitQueues;
import io.dspinlock.internal.wire.TagIds;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * What one session shares among all its locks: the Redis gateway and the wait queues.
 *
 * <p>Thread-safe; any number of locks on any threads use one core.
 */
public final class SessionCore implements AutoCloseable {
  private final RedisGateway redis;
  private final WaitQueues waits;
  private final Notifier notifier;
  private final Renewer renewer = new Renewer(this::threads);
  private final ServerCheck serverCheck;
  private final String id = TagIds.session();
  private volatile Observers observers; // null while none is registered
  private volatile LockCalls.Fairness lastFairness;
  private volatile ScheduledThreadPoolExecutor threads;
  private volatile ExecutorService asyncPool;
  private final Semaphore inboxWaits;
  private volatile boolean inboxRefused;
  private volatile boolean closed;

  /**
   * Creates the core of a session.
   *
   * @param redis the server
   * @param acceptEvictingServer whether to take locks on a server that may evict keys
   */
  public SessionCore(RedisGateway redis, boolean acceptEvictingServer) {
    this.redis = redis;
    this.inboxWaits = new Semaphore(redis.blockingWaits());
    this.serverCheck =
        new ServerCheck(
            redis,
            acceptEvictingServer,
            () -> new EvictionWatch(redis, renewer, this::threads).start());
    this.notifier = new Notifier(redis, id, this::threads);
    this.waits = new WaitQueues(notifier);
    notifier.bind(waits);
  }

  /**
   * Returns the gateway: it refuses every call once the session is closed.
   *
   * @return the server
   */
  public RedisGateway redis() {
    return redis;
  }

  /**
   * Deletes what a lock key holds unless someone holds the lock.
   *
   * @param key the lock key
   * @param holder describes a raw value found at the key, for messages
   * @return true if a value was deleted, false if there was none
   * @throws io.dspinlock.AtomicQueryInvalidStateException if the key is BLOCKED, or not a lock
   */
  public boolean deleteUnlessHeld(String key, Function<String, String> holder) {
    return LockProtocol.deleted(waits, key, redis.eval(LockCalls.deleteUnlessHeld(key)), holder);
  }

  /**
   * Returns how a fair lock of this session queues: grants to its waiters are announced on the
   * session's own channel for the key.
   *
   * @param entryMillis how long a queue entry outlives its waiter's latest attempt
   * @param grantMillis how long a grant waits to be taken up
   * @return the fairness of the lock's calls, the same for every key
   */
  LockCalls.Fairness fairness(long entryMillis, long grantMillis) {
    LockCalls.Fairness f = lastFairness;
    if (f == null || f.entryMillis() != entryMillis || f.grantMillis() != grantMillis) {
      // Lock objects are made per use, and nearly all of them share their tunables.
      f = new LockCalls.Fairness(id, exactReceivers(), entryMillis, grantMillis);
      lastFairness = f;
    }
    return f;
  }

  /**
   * Whether a PUBLISH tells how many subscribers received a grant: everywhere but on a cluster with
   * classic pub/sub, where it counts one node's; with sharded pub/sub it counts the shard's.
   */
  private boolean exactReceivers() {
    return !redis.isCluster() || redis.shardedPubSub();
  }

  /**
   * Checks, once per session, that its server cannot evict lock keys.
   *
   * @param key the lock about to be taken, for messages
   * @throws io.dspinlock.UnsafeServerException if it may and the session does not accept it
   */
  public void requireSafeServer(String key) {
    serverCheck.requireSafe(key);
  }

  /**
   * Returns whether the server may evict lock keys, checking it first if no lock did yet.
   *
   * @return what the check found
   * @throws io.dspinlock.RedisUnavailableException if the server cannot be reached
   */
  public ServerFinding evictionCheck() {
    return serverCheck.finding();
  }

  /**
   * Registers an observer of this session's locks.
   *
   * @param o the observer
   */
  public synchronized void addObserver(io.dspinlock.LockObserver o) {
    observers = Observers.with(observers, o);
  }

  /**
   * Removes an observer; nothing happens if it was not registered.
   *
   * @param o the observer
   */
  public synchronized void removeObserver(io.dspinlock.LockObserver o) {
    observers = Observers.without(observers, o);
  }

  /** {@return the session's observers as one, or null while none is registered} */
  io.dspinlock.LockObserver observer() {
    return observers;
  }

  /**
   * Returns the waiters of this session.
   *
   * @return the queues
   */
  public WaitQueues waits() {
    return waits;
  }

  Renewer renewer() {
    return renewer;
  }

  /**
   * Returns the permits of this session's fair waiters to wait for their grants on their inboxes
   * (BLPOP), each on a connection of its own meanwhile; a waiter without one waits for a published
   * grant instead.
   *
   * @return the permits
   */
  Semaphore inboxWaits() {
    return inboxWaits;
  }

  /**
   * Tells whether this session's fair waiters may wait on their inboxes: not once Redis refused it
   * (an ACL user set up before inboxes, without BLPOP), and never again in this session.
   *
   * @return true while not refused
   */
  boolean inboxUsable() {
    return !inboxRefused;
  }

  /** Records that Redis refused a wait on an inbox; the waiters listen for grants instead. */
  void inboxRefused() {
    if (!inboxRefused) {
      inboxRefused = true;
      Log.warn(
          "Redis at {} refused BLPOP: fair waiters listen for their grants instead, a thread"
              + " wake-up slower; see DEPLOYMENT.md, ACL users",
          redis.describe());
    }
  }

  /**
   * Returns the notifier that wakes waiters on releases elsewhere.
   *
   * @return the session's notifier
   */
  public Notifier notifier() {
    return notifier;
  }

  /**
   * Returns the session's threads for timers and short Redis calls, started on first use.
   *
   * @return a scheduler shared by all locks of this session
   */
  public ScheduledExecutorService threads() {
    ScheduledThreadPoolExecutor t = threads;
    if (t == null) {
      synchronized (this) {
        if (closed) {
          throw closedException();
        }
        t = threads;
        if (t == null) {
          t = SessionThreads.create();
          threads = t;
        }
      }
    }
    return t;
  }

  /**
   * Returns the small pool on which asynchronous acquisitions make their attempts, started on first
   * use: a few threads however many acquisitions wait.
   *
   * @return the pool
   */
  public ExecutorService asyncPool() {
    ExecutorService p = asyncPool;
    if (p == null) {
      synchronized (this) {
        if (closed) {
          throw closedException();
        }
        p = asyncPool;
        if (p == null) {
          p = SessionThreads.asyncPool();
          asyncPool = p;
        }
      }
    }
    return p;
  }

  private RedisNotInitializedException closedException() {
    return new RedisNotInitializedException("the session to " + redis.describe() + " is closed");
  }

  /**
   * Describes the server for messages.
   *
   * @return host, port and database, without a password
   */
  public String describe() {
    return redis.describe();
  }

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /** Closes the session: waiters wake and fail, and an owned client is closed. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      closed = true;
    }
    notifier.close();
    redis.close(); // first: the waiters woken below must find it closed
    waits.wakeAllHeads();
    ScheduledThreadPoolExecutor t = threads;
    if (t != null) {
      t.shutdownNow();
    }
    ExecutorService p = asyncPool;
    if (p != null) {
      p.shutdownNow();
    }
  }
}
