package io.dspinlock.internal.waiting;

import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.util.Log;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import redis.clients.jedis.JedisShardedPubSub;

/**
 * A session's subscriptions on a Redis 7 cluster, where releases are announced with {@code
 * SPUBLISH} within the key's shard: one {@code SSUBSCRIBE} connection and one listener thread per
 * primary that serves a key with waiters, each subscribed to the channels of its keys, one slot per
 * request (a request may not span slots).
 *
 * <p>Note on topology changes: a node that fails ends its connection, and a slot that moves makes
 * the node unsubscribe its channels; either way the shard's keys are subscribed again, after a
 * back-off, on whichever primary serves them then, and their first waiters are woken, since
 * releases may have been missed meanwhile. The sleep between tries remains the bound either way.
 *
 * <p>Note on concurrency: guarded by this object's monitor, taken after the notifier's.
 */
final class ShardSubscriptions implements Subscriptions {
  private static final long MAX_BACKOFF_MILLIS = 2000;

  private final RedisGateway redis;
  private final Notifier notifier;
  private final Supplier<? extends ScheduledExecutorService> threads;
  private final String name;
  private final Map<String, Shard> byNode = new HashMap<>();
  private final Map<String, Shard> byChannel = new HashMap<>();
  private int failures; // in a row, for the back-off; reset by a subscription that lands
  private boolean closed;

  ShardSubscriptions(
      RedisGateway redis,
      Notifier notifier,
      Supplier<? extends ScheduledExecutorService> threads,
      String name) {
    this.redis = redis;
    this.notifier = notifier;
    this.threads = threads;
    this.name = name;
  }

  @Override
  public synchronized void add(String key, String channel, String grants) {
    if (closed || byChannel.containsKey(channel)) {
      return;
    }
    String node;
    try {
      node = redis.nodeOf(channel);
    } catch (RuntimeException unreachable) {
      later(key);
      return;
    }
    Shard shard = byNode.computeIfAbsent(node, Shard::new);
    shard.keys.put(channel, key);
    shard.grants.put(channel, grants);
    byChannel.put(channel, shard);
    if (shard.thread == null) {
      shard.sent.add(channel);
      shard.start(channel, grants);
    } else if (shard.isSubscribed()) {
      shard.sent.add(channel);
      shard.ssubscribe(channel, grants);
    } // else requested when the connection's first subscription lands
  }

  @Override
  public synchronized void remove(String channel, String grants) {
    Shard shard = byChannel.remove(channel);
    if (shard == null) {
      return;
    }
    shard.keys.remove(channel);
    shard.grants.remove(channel);
    if (shard.sent.remove(channel) && shard.isSubscribed()) {
      shard.sunsubscribe(channel, grants); // the last one ends the shard's thread
    } // else not requested yet, or its confirmation finds it unwanted
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Shard shard : byNode.values()) {
      if (shard.isSubscribed()) {
        try {
          shard.sunsubscribe();
        } catch (RuntimeException alreadyBroken) {
          // the connection is gone; the thread ends on its own
        }
      }
      if (shard.thread != null) {
        shard.thread.interrupt();
      }
    }
  }

  /** Drops a shard whose connection failed or whose node gave up a slot, and moves its keys. */
  private synchronized void lost(Shard shard, String why) {
    if (byNode.get(shard.node) != shard) {
      return;
    }
    Log.debug("shard subscriptions on {} lost: {}", shard.node, why);
    failures++;
    retire(shard);
    if (shard.isSubscribed()) {
      try {
        shard.sunsubscribe(); // its thread ends once the node confirms
      } catch (RuntimeException alreadyBroken) {
        // the thread ends on its own
      }
    }
  }

  /** Forgets a shard, and subscribes its keys again, later, on whichever primary serves them. */
  private void retire(Shard shard) {
    byNode.remove(shard.node);
    for (Map.Entry<String, String> channelAndKey : shard.keys.entrySet()) {
      byChannel.remove(channelAndKey.getKey());
      later(channelAndKey.getValue());
    }
  }

  private void later(String key) {
    long delay = Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(failures, 6));
    try {
      threads
          .get()
          .schedule(
              () -> {
                redis.refreshRoute(key); // the slot may have moved: follow it
                notifier.resubscribe(key);
              },
              delay,
              TimeUnit.MILLISECONDS);
    } catch (RuntimeException closing) {
      // the session is closing
    }
  }

  /** The subscriptions on one primary: its connection, its thread and the channels of its keys. */
  private final class Shard extends JedisShardedPubSub {
    final String node;
    final Map<String, String> keys = new HashMap<>(); // a key's channel -> the key
    final Map<String, String> grants = new HashMap<>(); // a key's channel -> its grant channel
    final Set<String> sent = new HashSet<>(); // the keys' channels requested on the connection
    Thread thread;

    Shard(String node) {
      this.node = node;
    }

    void start(String channel, String grantChannel) {
      thread =
          new Thread(() -> listen(channel, grantChannel), "dspinlock-shard-" + node + "-" + name);
      thread.setDaemon(true);
      thread.start();
    }

    private void listen(String channel, String grantChannel) {
      try {
        redis.ssubscribe(this, channel, grantChannel);
        synchronized (ShardSubscriptions.this) {
          // Every channel unsubscribed. Keys added since then need a new shard.
          if (byNode.get(node) == this) {
            retire(this);
          }
        }
      } catch (RuntimeException failed) {
        if (!closed) {
          lost(this, failed.toString());
        }
      }
    }

    @Override
    public void onSSubscribe(String channel, int subscribedChannels) {
      synchronized (ShardSubscriptions.this) {
        failures = 0;
        if (closed) {
          sunsubscribe();
          return;
        }
        // Keys added while the connection was made are requested once it listens.
        for (Map.Entry<String, String> e : grants.entrySet()) {
          if (sent.add(e.getKey())) {
            ssubscribe(e.getKey(), e.getValue());
          }
        }
        if (!keys.containsKey(channel) && !grants.containsValue(channel)) {
          sunsubscribe(channel); // unwanted before it landed
          return;
        }
      }
      notifier.subscribed(channel);
    }

    @Override
    public void onSUnsubscribe(String channel, int subscribedChannels) {
      boolean moved;
      synchronized (ShardSubscriptions.this) {
        moved = !closed && (keys.containsKey(channel) || grants.containsValue(channel));
      }
      if (moved) {
        lost(this, channel + " unsubscribed by the node: its slot moved");
      }
    }

    @Override
    public void onSMessage(String channel, String message) {
      notifier.message(channel, message);
    }
  }
}
