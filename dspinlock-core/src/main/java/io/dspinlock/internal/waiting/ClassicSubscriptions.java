package io.dspinlock.internal.waiting;

import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.util.Log;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import redis.clients.jedis.JedisPubSub;

/**
 * A session's subscriptions with classic pub/sub: one connection and one listener thread, started
 * with the session's control channel, whose confirmation subscribes the keys' channels; so after a
 * lost connection the listener reconnects and subscribes every key again, and the confirmations
 * look at each key, since releases may have been missed meanwhile.
 *
 * <p>Note on concurrency: called under the notifier's monitor, which the listener takes too.
 */
final class ClassicSubscriptions implements Subscriptions {
  private static final long MAX_BACKOFF_MILLIS = 2000;

  private final RedisGateway redis;
  private final Notifier notifier;
  private final String control;
  private final Supplier<List<String>> wanted;
  private Listener listener;
  private Thread thread;
  private volatile boolean closed;

  /**
   * Creates the subscriptions; nothing connects until the first {@link #add}.
   *
   * @param redis the server
   * @param notifier receives the messages and confirmations, and is the monitor
   * @param control the session's own channel
   * @param wanted every channel the session wants now, for a new connection
   */
  ClassicSubscriptions(
      RedisGateway redis, Notifier notifier, String control, Supplier<List<String>> wanted) {
    this.redis = redis;
    this.notifier = notifier;
    this.control = control;
    this.wanted = wanted;
  }

  @Override
  public void add(String key, String channel, String grants) {
    if (listener == null) {
      listener = new Listener();
      thread = new Thread(this::listen, "dspinlock-notifier-" + control.substring(18));
      thread.setDaemon(true);
      thread.start();
    } else if (listener.isSubscribed()) {
      listener.subscribe(channel, grants);
    } // else subscribed when the control channel's subscription lands
  }

  @Override
  public void remove(String channel, String grants) {
    if (listener != null && listener.isSubscribed()) {
      listener.unsubscribe(channel, grants);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (listener != null && listener.isSubscribed()) {
      try {
        listener.unsubscribe();
      } catch (RuntimeException alreadyBroken) {
        // the connection is gone; the thread ends on its own
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void listen() {
    long backoff = 50;
    while (!closed) {
      try {
        // The control channel first; its confirmation subscribes the keys' channels.
        redis.subscribe(listener, control);
        return; // unsubscribed from everything: closed
      } catch (RuntimeException lost) {
        if (closed) {
          return;
        }
        Log.debug("notifications from {} interrupted: {}", redis.describe(), lost.toString());
        sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        synchronized (notifier) {
          listener = new Listener();
        }
      }
    }
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis); // back-off before reconnecting
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Receives the messages of the session's channels on the listener thread. */
  private final class Listener extends JedisPubSub {
    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
      if (channel.equals(control)) {
        // (Re)connected: subscribe the keys' channels; each confirmation checks its key.
        synchronized (notifier) {
          if (closed) {
            unsubscribe();
            return;
          }
          List<String> channels = wanted.get();
          if (!channels.isEmpty()) {
            subscribe(channels.toArray(new String[0]));
          }
        }
        return;
      }
      notifier.subscribed(channel);
    }

    @Override
    public void onMessage(String channel, String message) {
      notifier.message(channel, message);
    }
  }
}
