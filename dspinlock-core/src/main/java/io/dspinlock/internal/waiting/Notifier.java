package io.dspinlock.internal.waiting;

import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.scripts.LockCalls;
import io.dspinlock.internal.scripts.Script;
import io.dspinlock.internal.util.Log;
import io.dspinlock.internal.wire.LockKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Wakes a session's waiters when a key they wait for is released elsewhere, or granted to one of
 * them: subscribed to a key's channels while someone in the session waits for that key, and
 * unsubscribed after; with one pub/sub connection and one listener thread per session, or on a
 * Redis 7 cluster one per primary that serves a key with waiters ({@link Subscriptions}).
 *
 * <p>Note on races: a release may be published before our SUBSCRIBE lands, and would be missed; so
 * the confirmation of a subscription wakes the key's first waiter to try again. After a lost
 * connection the keys are subscribed again, and their first waiters woken, since releases may have
 * been missed meanwhile. The sleep between tries remains the bound either way.
 *
 * <p>Note on concurrency: SUBSCRIBE and UNSUBSCRIBE are sent under this object's monitor, and each
 * call brings the subscription of a key in line with whether its wait queue exists now, so calls
 * that race converge on the right state.
 */
public final class Notifier implements KeyWatcher {
  private static final long LINGER_MILLIS = 1000;

  private final RedisGateway redis;
  private final String control;
  private final String sessionId;
  private final Supplier<? extends ScheduledExecutorService> threads;
  private final long lingerNanos;
  private final LongSupplier clock;
  private final Map<String, Long> idleSince = new ConcurrentHashMap<>(); // lingering keys: since
  private final Map<String, String> keyOfChannel = new ConcurrentHashMap<>();
  private final Map<String, String> keyOfGrants = new ConcurrentHashMap<>();
  private final Map<String, String> localRelease = new ConcurrentHashMap<>();
  private WaitQueues waits;
  private Subscriptions subscriptions; // chosen when the first key gains a waiter
  private volatile boolean closed;

  /**
   * Creates the notifier of a session; nothing connects until a key gains a waiter.
   *
   * @param redis the server
   * @param sessionId a name for the session's private channel
   */
  public Notifier(
      RedisGateway redis, String sessionId, Supplier<? extends ScheduledExecutorService> threads) {
    this(redis, sessionId, threads, LINGER_MILLIS);
  }

  /**
   * Creates a notifier that stays subscribed to a key for {@code lingerMillis} after its last
   * waiter left, unless a release is announced meanwhile.
   *
   * @param redis the server
   * @param sessionId a name for the session's private channel
   * @param threads the session's timer threads
   * @param lingerMillis how long a subscription outlives the key's last waiter at most
   */
  public Notifier(
      RedisGateway redis,
      String sessionId,
      Supplier<? extends ScheduledExecutorService> threads,
      long lingerMillis) {
    this(redis, sessionId, threads, lingerMillis, System::nanoTime);
  }

  /**
   * Creates a notifier that reads the time from {@code clock}, as {@link System#nanoTime()} would
   * give it: a test moves the clock itself.
   *
   * @param redis the server
   * @param sessionId a name for the session's private channel
   * @param threads the session's timer threads
   * @param lingerMillis how long a subscription outlives the key's last waiter at most
   * @param clock the time, in nanoseconds
   */
  public Notifier(
      RedisGateway redis,
      String sessionId,
      Supplier<? extends ScheduledExecutorService> threads,
      long lingerMillis,
      LongSupplier clock) {
    this.clock = clock;
    this.redis = redis;
    this.control = "dspinlock:session:" + sessionId;
    this.sessionId = sessionId;
    this.threads = threads;
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
  }

  /**
   * Connects the notifier to the queues it serves.
   *
   * @param waits the session's wait queues
   */
  public void bind(WaitQueues waits) {
    this.waits = waits;
  }

  @Override
  public void firstWaiter(String key) {
    sync(key);
  }

  @Override
  public void lastWaiterGone(String key) {
    // Stay subscribed a while: under steady contention the key soon has waiters again, and a new
    // subscription would cost a SUBSCRIBE, an UNSUBSCRIBE and a read of the key. The linger ends
    // once the key has had no waiter for that long, or early at the first release announced while
    // nobody waits (see message; docs/BENCHMARKS.md has the measurements).
    if (idleSince.put(key, clock.getAsLong()) == null) {
      checkLingerIn(key, lingerNanos);
    } // else a check is due already: it reads the new time
  }

  private void checkLingerIn(String key, long nanos) {
    try {
      threads.get().schedule(() -> checkLinger(key), nanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException closing) {
      idleSince.remove(key); // the session is closing: unsubscribe now
      sync(key);
    }
  }

  /**
   * Ends a key's linger once it has had no waiter for the whole linger; a key waited for since its
   * linger began keeps its subscription, and its next last waiter starts a new linger.
   */
  private void checkLinger(String key) {
    while (true) {
      Long since = idleSince.get(key);
      if (since == null) {
        return;
      }
      if (waits.hasWaiters(key)) {
        if (idleSince.remove(key, since)) {
          return;
        }
        continue; // its last waiter just left again: look at the new time
      }
      long left = since + lingerNanos - clock.getAsLong();
      if (left > 0) {
        checkLingerIn(key, left);
        return;
      }
      if (idleSince.remove(key, since)) {
        sync(key);
        return;
      }
    }
  }

  /**
   * Notes that this session is about to release a key that its waiters wait for, so that its own
   * announcement, which they have already been told of, does not wake them a second time.
   *
   * @param key the lock key
   * @param tag the releasing lock's tag; the release script publishes its BLOCKED value
   */
  public void releasingLocally(String key, String tag) {
    localRelease.put(key, tag + ",0");
  }

  private synchronized void sync(String key) {
    if (closed) {
      return;
    }
    String channel = LockKeys.channel(key);
    String grants = LockKeys.grants(key, sessionId);
    boolean wanted = waits.hasWaiters(key);
    boolean subscribed = keyOfChannel.containsKey(channel);
    if (wanted == subscribed) {
      return;
    }
    if (wanted) {
      keyOfChannel.put(channel, key);
      keyOfGrants.put(grants, key);
      subscriptions().add(key, channel, grants);
    } else {
      keyOfChannel.remove(channel);
      keyOfGrants.remove(grants);
      localRelease.remove(key);
      if (subscriptions != null) {
        subscriptions.remove(channel, grants);
      }
    }
  }

  /**
   * The session's subscriptions, chosen when the first key gains a waiter: sharded pub/sub on a
   * Redis 7 cluster (a release is announced within its key's shard), classic elsewhere.
   */
  private Subscriptions subscriptions() {
    if (subscriptions == null) {
      String name = control.substring(18);
      subscriptions =
          redis.shardedPubSub()
              ? new ShardSubscriptions(redis, this, threads, name)
              : new ClassicSubscriptions(redis, this, control, this::wantedChannels);
    }
    return subscriptions;
  }

  private List<String> wantedChannels() {
    List<String> wanted = new ArrayList<>(keyOfChannel.keySet());
    wanted.addAll(keyOfGrants.keySet());
    return wanted;
  }

  /**
   * Subscribes a key's channels again after their shard subscription was lost (a failed node, a
   * slot moved), on whichever primary serves the slot now, and wakes the key's first waiter:
   * releases may have been missed meanwhile.
   */
  synchronized void resubscribe(String key) {
    String channel = LockKeys.channel(key);
    if (!closed && keyOfChannel.containsKey(channel)) {
      subscriptions().add(key, channel, LockKeys.grants(key, sessionId));
    }
    waits.released(key);
  }

  /** Stops listening; idempotent. */
  public synchronized void close() {
    closed = true;
    if (subscriptions != null) {
      subscriptions.close();
    }
  }

  /**
   * Looks at a key whose grant channel was just subscribed: if it is no longer BLOCKED, its release
   * may have been published before the subscription, so its first waiter is woken; if it is BLOCKED
   * with the value of a waiter of ours, it was granted to that waiter before we listened, and that
   * waiter is woken to take it. A key BLOCKED by another needs nothing: its release will be
   * announced.
   */
  private void recheck(String key) {
    try {
      Script.Reply r = redis.eval(LockCalls.inspect(key));
      String value = r.text(1);
      if (value == null || !value.endsWith(",0")) {
        waits.released(key);
      } else {
        waits.wakeQueued(key, value);
      }
    } catch (RuntimeException unreachable) {
      // The waiter's own sleep bounds the wait.
    }
  }

  /** A channel's subscription landed: a grant channel's key is looked at, as {@link #recheck}. */
  void subscribed(String channel) {
    // Grants come on the grant channel: once it listens, nothing is missed any more.
    String key = keyOfGrants.get(channel);
    if (key != null) {
      try {
        threads.get().execute(() -> recheck(key));
      } catch (RuntimeException closing) {
        // the session is closing
      }
    }
  }

  /** A message on one of the session's channels, classic or sharded. */
  void message(String channel, String released) {
    // A release publishes the value it released; a delete publishes the deleter's tag.
    String key = keyOfChannel.get(channel);
    if (key == null) {
      granted(channel, released);
      return;
    }
    if (!waits.hasWaiters(key)) {
      // A thread between a failed attempt and joining the queue sees the release by its epoch.
      waits.released(key);
      // Lingering, and the key is busy without us: every release would cost the server a
      // message to this connection and this thread a wake-up (a hot key is released dozens of
      // times a second). The first such release ends the linger, our own included; a new
      // waiter subscribes again at once, and checks the key when the subscription lands.
      sync(key);
      return;
    }
    if (!localRelease.remove(key, released)) {
      waits.released(key);
    }
  }

  /** A grant from a key's queue to a waiter of ours: "{@code <token> <µs> <value>}". */
  private void granted(String channel, String message) {
    long receivedAt = System.nanoTime();
    String key = keyOfGrants.get(channel);
    if (key != null && !waits.announced(key, message, receivedAt, null, -1)) {
      Log.debug("{} ignored on {}", message, channel);
    }
  }
}
