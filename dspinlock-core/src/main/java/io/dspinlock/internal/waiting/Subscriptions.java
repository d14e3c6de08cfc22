package io.dspinlock.internal.waiting;

/**
 * How a session subscribes to the channels of the keys its waiters wait for: classic pub/sub on one
 * connection ({@link ClassicSubscriptions}), or sharded pub/sub on a Redis 7 cluster, a connection
 * per primary ({@link ShardSubscriptions}). Called under the notifier's monitor; messages go to
 * {@link Notifier#message} and confirmations to {@link Notifier#subscribed}.
 */
interface Subscriptions {
  /**
   * Subscribes a key's channels.
   *
   * @param key the lock key
   * @param channel its release channel
   * @param grants its grant channel for this session
   */
  void add(String key, String channel, String grants);

  /**
   * Unsubscribes a key's channels.
   *
   * @param channel its release channel
   * @param grants its grant channel for this session
   */
  void remove(String channel, String grants);

  /** Unsubscribes everything and ends the listener threads; idempotent. */
  void close();
}
