package io.dspinlock.internal.waiting;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The waiters of one session, a FIFO queue per key.
 *
 * <p>Note on fairness: within a session the waiters of a key are served in order; a release wakes
 * only the head, or hands it the lock directly, and a caller that finds others waiting queues
 * behind them. A fair waiter also has its place in the key's queue on the server, which decides
 * across sessions ({@link #granted}); for an unfair lock, after {@value #MAX_HANDOFFS} handoffs in
 * a row a key is released for real, so that other sessions' waiters get their chance.
 *
 * <p>Note on lost wake-ups: a release may land between an attempt that found the key held and the
 * caller's joining the queue. Every release seen (local, or announced by the server) bumps a
 * counter of the key's stripe; a caller reads it before its attempt, and if it moved by the time
 * the caller heads the queue, the caller tries again at once instead of sleeping.
 */
public final class WaitQueues {
  static final int MAX_HANDOFFS = 16;
  private static final int STRIPES = 256;
  private static final int MAX_PENDING = 256;

  private final ConcurrentHashMap<String, KeyQueue> queues = new ConcurrentHashMap<>();
  // Grants announced before their waiter joined here, by key and value; guarded by itself.
  private final Map<String, Pending> pending = new HashMap<>();
  private final AtomicLongArray releases = new AtomicLongArray(STRIPES);
  private final KeyWatcher watcher;

  /** The waiters of one key, and how many handoffs it has had in a row; guarded by itself. */
  private static final class KeyQueue {
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    int handoffs;
  }

  /** A grant from the server's queue to a waiter; LOCAL {@code micros}: sent by this session. */
  private record Pending(long token, long micros, long receivedAt) {
    static final long LOCAL = -1;

    void give(Waiter w) {
      if (micros == LOCAL) {
        w.grantShort(token, receivedAt);
      } else {
        w.grantFromServer(token, micros, receivedAt);
      }
    }
  }

  /**
   * Creates the queues of a session.
   *
   * @param watcher told when keys gain and lose waiters
   */
  public WaitQueues(KeyWatcher watcher) {
    this.watcher = watcher;
  }

  /**
   * Tells whether anybody in this session waits for a key.
   *
   * @param key the lock key
   * @return true if a queue exists
   */
  public boolean hasWaiters(String key) {
    return queues.containsKey(key);
  }

  /**
   * Returns the release counter of a key's stripe; read it before an attempt.
   *
   * @param key the lock key
   * @return a number that grows with every release seen
   */
  public long releaseEpoch(String key) {
    return releases.get(stripe(key));
  }

  /**
   * Adds a waiter at the tail of a key's queue.
   *
   * @param key the lock key
   * @param waiter the waiter
   * @return true if the waiter is now the head
   */
  public boolean join(String key, Waiter waiter) {
    boolean[] first = new boolean[1];
    KeyQueue queue =
        queues.compute(
            key,
            (k, q) -> {
              if (q == null) {
                q = new KeyQueue();
                first[0] = true;
              }
              synchronized (q) {
                q.waiters.addLast(waiter);
              }
              return q;
            });
    if (first[0]) {
      watcher.firstWaiter(key);
    }
    synchronized (queue) {
      return queue.waiters.peekFirst() == waiter;
    }
  }

  /**
   * Removes a waiter from its key's queue.
   *
   * @param key the lock key
   * @param waiter the waiter
   * @param holdsLock whether it leaves because it took the lock; if not, and it was the head, the
   *     next waiter is woken at once to try in its place
   */
  public void leave(String key, Waiter waiter, boolean holdsLock) {
    Waiter[] next = new Waiter[1];
    boolean[] last = new boolean[1];
    queues.computeIfPresent(
        key,
        (k, q) -> {
          synchronized (q) {
            boolean wasHead = q.waiters.peekFirst() == waiter;
            q.waiters.remove(waiter);
            if (q.waiters.isEmpty()) {
              last[0] = true;
              return null;
            }
            if (wasHead && !holdsLock) {
              next[0] = q.waiters.peekFirst();
            }
            return q;
          }
        });
    if (next[0] != null) {
      next[0].wake();
    }
    if (last[0]) {
      watcher.lastWaiterGone(key);
    }
  }

  /**
   * Claims the head of a key's queue for a direct handoff, if it takes one and, when {@code
   * limited}, the key has not had its fill of handoffs in a row (a fair lock needs no limit: its
   * handoff yields to waiters queued on the server).
   *
   * @param key the lock key
   * @param limited whether at most {@value #MAX_HANDOFFS} handoffs follow each other
   * @return the claimed waiter, or null for a plain release
   */
  public Waiter claimHandoff(String key, boolean limited) {
    KeyQueue queue = queues.get(key);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      Waiter head = queue.waiters.peekFirst();
      if (head != null && (!limited || queue.handoffs < MAX_HANDOFFS) && head.claim()) {
        queue.handoffs++;
        return head;
      }
      queue.handoffs = 0;
      return null;
    }
  }

  /**
   * Hands a grant from the server's queue, announced to this session as "{@code <token> <µs>
   * <value>}" (published on its channel, or pushed to a waiter's inbox), to its waiter; one that
   * has not joined yet finds it when it does ({@link #joinQueued}).
   *
   * @param key the lock key
   * @param message the announcement
   * @param receivedAt when it was read, on {@link System#nanoTime()}
   * @param value the BLOCKED value it must name, or null for any
   * @param sinceMicros the server's clock before which an announcement is a former one, µs; -1 for
   *     none
   * @return true if it was such a grant, and was handed on
   */
  public boolean announced(
      String key, String message, long receivedAt, String value, long sinceMicros) {
    int a = message.indexOf(' ');
    int b = a < 0 ? -1 : message.indexOf(' ', a + 1);
    boolean named =
        value == null
            || (message.length() == b + 1 + value.length() && message.startsWith(value, b + 1));
    if (a <= 0 || b <= a + 1 || !named) {
      return false;
    }
    try {
      long token = Long.parseLong(message, 0, a, 10);
      long micros = Long.parseLong(message, a + 1, b, 10);
      if (micros < sinceMicros) {
        return false;
      }
      String granted = value != null ? value : message.substring(b + 1);
      grant(key, granted, new Pending(token, micros, receivedAt));
      return true;
    } catch (NumberFormatException notAGrant) {
      return false;
    }
  }

  private void grant(String key, String value, Pending grant) {
    synchronized (pending) {
      Waiter w = find(key, value);
      if (w != null) {
        grant.give(w);
        return;
      }
      if (pending.size() >= MAX_PENDING) {
        pending.clear(); // their waiters' next attempts find the key theirs anyway
      }
      pending.put(key + '\n' + value, grant);
    }
  }

  /**
   * Adds a fair waiter at the tail of a key's queue, after an attempt that queued it on the server,
   * and gives it a grant already announced.
   *
   * @param key the lock key
   * @param waiter the waiter, with {@link Waiter#queuedAs()}
   */
  public void joinQueued(String key, Waiter waiter) {
    join(key, waiter);
    Pending p;
    synchronized (pending) {
      p = pending.remove(key + '\n' + waiter.queuedAs());
    }
    if (p != null) {
      p.give(waiter);
    }
  }

  /**
   * Gives a grant made by a release of this session to its waiter: it is one of ours (the script
   * told no other session), though it may not have joined here yet.
   *
   * @param key the lock key
   * @param value the BLOCKED value granted
   * @param token the grant's fencing token
   * @param sentAt when the release was sent, on {@link System#nanoTime()}
   */
  public void grantedLocally(String key, String value, long token, long sentAt) {
    grant(key, value, new Pending(token, Pending.LOCAL, sentAt));
  }

  /**
   * Wakes the waiter of ours queued on the server under {@code value}, if any: the key is BLOCKED
   * with its value, and its next attempt finds the key its own.
   *
   * @param key the lock key
   * @param value a BLOCKED value
   */
  public void wakeQueued(String key, String value) {
    Waiter w = find(key, value);
    if (w != null) {
      w.wake();
    }
  }

  private Waiter find(String key, String value) {
    KeyQueue queue = queues.get(key);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      for (Waiter w : queue.waiters) {
        if (value.equals(w.queuedAs())) {
          return w;
        }
      }
    }
    return null;
  }

  /**
   * Records that a key may have been released and wakes the head of its queue.
   *
   * @param key the lock key
   */
  public void released(String key) {
    releases.incrementAndGet(stripe(key));
    wakeHead(key);
  }

  /**
   * Wakes the head of a key's queue, if any.
   *
   * @param key the lock key
   */
  public void wakeHead(String key) {
    KeyQueue queue = queues.get(key);
    if (queue != null) {
      Waiter head;
      synchronized (queue) {
        head = queue.waiters.peekFirst();
      }
      if (head != null) {
        head.wake();
      }
    }
  }

  /** Wakes the head of every queue, after notifications may have been missed. */
  public void wakeAllHeads() {
    for (String key : queues.keySet()) {
      released(key);
    }
  }

  private static int stripe(String key) {
    return key.hashCode() & (STRIPES - 1);
  }
}
