package io.dspinlock.internal;

import io.dspinlock.RedisNotInitializedException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one session shares among all its locks: the Redis gateway and the wait queues.
 *
 * <p>Thread-safe; any number of locks on any threads use one core.
 */
public final class SessionCore implements AutoCloseable {
  private static final AtomicInteger SESSIONS = new AtomicInteger();

  private final RedisGateway redis;
  private final WaitQueues waits;
  private final Notifier notifier;
  private final Renewer renewer = new Renewer(this);
  private volatile ScheduledThreadPoolExecutor threads;
  private volatile ExecutorService asyncPool;
  private volatile boolean closed;

  /**
   * Creates the core of a session.
   *
   * @param redis the server
   */
  public SessionCore(RedisGateway redis) {
    this.redis = redis;
    this.notifier =
        new Notifier(redis, Integer.toString(SESSIONS.incrementAndGet()), this::threads);
    this.waits = new WaitQueues(notifier);
    notifier.bind(waits);
  }

  /**
   * Runs a script, if the session is open.
   *
   * @param call the script with its keys and arguments
   * @return the reply
   * @throws RedisNotInitializedException if the session is closed
   */
  public Reply eval(ScriptCall call) {
    return redis().eval(call);
  }

  /**
   * Runs a script and waits for replicas to confirm its writes, if the session is open.
   *
   * @param call the script with its keys and arguments
   * @param replicas the replicas to wait for
   * @param timeoutMillis the longest wait
   * @return the reply and the replicas that confirmed
   */
  public RedisGateway.Waited evalAndWait(ScriptCall call, int replicas, long timeoutMillis) {
    return redis().evalAndWait(call, replicas, timeoutMillis);
  }

  /**
   * Runs a script once, if the session is open.
   *
   * @param script the script
   * @param keys its keys, UTF-8
   * @param args its arguments, UTF-8
   * @return the reply
   */
  public Reply eval(LuaScript script, List<byte[]> keys, List<byte[]> args) {
    return eval(new ScriptCall(script, keys, args));
  }

  /**
   * Returns the gateway, for plain reads and writes next to the lock protocol.
   *
   * @return the server
   * @throws RedisNotInitializedException if the session is closed
   */
  public RedisGateway redis() {
    if (closed) {
      throw closedException();
    }
    return redis;
  }

  private RedisNotInitializedException closedException() {
    return new RedisNotInitializedException("the session to " + redis.describe() + " is closed");
  }

  /**
   * Lists keys matching a pattern, if the session is open.
   *
   * @param pattern a glob-style pattern
   * @param limit the most keys to return
   * @return the keys found
   */
  public List<String> scan(String pattern, int limit) {
    return redis().scan(pattern, limit);
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
    waits.wakeAllHeads();
    ScheduledThreadPoolExecutor t = threads;
    if (t != null) {
      t.shutdownNow();
    }
    ExecutorService p = asyncPool;
    if (p != null) {
      p.shutdownNow();
    }
    redis.close();
  }
}
