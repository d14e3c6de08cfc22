package io.dspinlock.internal.connection;

import io.dspinlock.internal.scripts.Script;
import java.util.List;

/**
 * The Redis boundary: what the lock logic needs from a server, and nothing more. Implementations
 * translate client failures into {@link io.dspinlock.DSpinlockException}s.
 */
public interface RedisGateway extends AutoCloseable {
  /** What an ACL user needs, named in the error when it lacks something. */
  String NEEDS =
      " (dspinlock needs: EVALSHA and EVAL; inside its scripts GET, SET, PSETEX, SETRANGE, INCR, INCRBY,"
          + " PEXPIRE, PTTL, TIME, TYPE, DEL, EXISTS, PUBLISH, PUBSUB NUMSUB, and for the waiting"
          + " queue ZADD, ZRANGE, ZREM, HSET, HGET, HDEL and RPUSH; BLPOP; on keys dspinlock,* and"
          + " {dspinlock,*; SUBSCRIBE"
          + " to channels dspinlock,*, {dspinlock,* and dspinlock:session:*; WAIT with"
          + " waitForReplicas; on a cluster, CLUSTER SLOTS, and on a Redis 7 cluster INFO, SSUBSCRIBE"
          + " and SUNSUBSCRIBE, and in the scripts SPUBLISH and PUBSUB SHARDNUMSUB; optionally"
          + " CONFIG GET, to check that"
          + " the server cannot evict lock keys, and INFO, to watch its evictions)";

  /**
   * Runs a script as one atomic step: EVALSHA, and EVAL when the server does not know it yet.
   *
   * @param call the script, its keys (all in one hash slot) and arguments
   * @return the script's reply
   * @throws io.dspinlock.RedisUnavailableException if the server cannot be reached in time
   * @throws io.dspinlock.RedisNotInitializedException if the gateway is closed
   * @throws io.dspinlock.DSpinlockException if the server refuses the script
   */
  Script.Reply eval(Script.Call call);

  /**
   * Runs a script, then {@code WAIT} on the same connection, in one round trip.
   *
   * @param call the script with its keys and arguments
   * @param replicas the replicas to wait for
   * @param timeoutMillis the longest wait
   * @return the reply, and how many replicas confirmed
   */
  Waited evalAndWait(Script.Call call, int replicas, long timeoutMillis);

  /**
   * A script's reply and the replicas that confirmed its writes.
   *
   * @param reply the reply
   * @param replicas the replicas that confirmed
   */
  record Waited(Script.Reply reply, long replicas) {}

  /**
   * Takes the first element of a list, waiting for one on the server for at most {@code
   * timeoutMillis} (BLPOP, on a connection of its own for that time; far below the command
   * timeout).
   *
   * @param list the list
   * @param timeoutMillis the longest wait on the server, ms
   * @return the element, or null when none came in time
   * @throws io.dspinlock.DSpinlockException if Redis fails or refuses (an ACL without BLPOP)
   */
  String popWithin(String list, long timeoutMillis);

  /**
   * Tells how many threads of a session may wait in {@link #popWithin} at once: each holds a
   * connection meanwhile, and the other commands need theirs.
   *
   * @return the number, small against the connections the client has
   */
  int blockingWaits();

  /**
   * Reads a plain string value.
   *
   * @param key the key
   * @return the value, or null when absent
   * @throws io.dspinlock.DSpinlockException if Redis fails or the key holds another type
   */
  byte[] get(byte[] key);

  /**
   * Writes a plain string value with a time to live.
   *
   * @param key the key
   * @param value the value
   * @param ttlMillis its time to live
   */
  void set(byte[] key, byte[] value, long ttlMillis);

  /**
   * Reads server settings with {@code CONFIG GET}.
   *
   * @param pattern e.g. {@code maxmemory*}
   * @return the settings and their values
   * @throws io.dspinlock.RedisRefusedException if the server refuses it (ACL, managed service)
   * @throws io.dspinlock.RedisUnavailableException if the server cannot be reached in time
   */
  java.util.Map<String, String> configGet(String pattern);

  /**
   * Reads how many keys the server has evicted since it started ({@code evicted_keys} of {@code
   * INFO stats}).
   *
   * @return the count
   * @throws io.dspinlock.RedisRefusedException if the server refuses it or does not report it
   * @throws io.dspinlock.RedisUnavailableException if the server cannot be reached in time
   */
  long evictedKeys();

  /**
   * Lists keys matching a pattern with SCAN.
   *
   * @param pattern a glob-style pattern
   * @param limit the most keys to return
   * @return the keys found
   * @throws io.dspinlock.RedisUnavailableException if the server cannot be reached in time
   */
  List<String> scan(String pattern, int limit);

  /**
   * Subscribes to channels and delivers their messages on the calling thread until every channel is
   * unsubscribed or the connection fails.
   *
   * @param listener receives messages, and sends subscribe and unsubscribe requests
   * @param channels the first channels
   */
  void subscribe(redis.clients.jedis.JedisPubSub listener, String... channels);

  /**
   * Tells whether the server is a Redis Cluster, where a PUBLISH counts the subscribers of one node
   * only.
   *
   * @return true for a cluster
   */
  default boolean isCluster() {
    return false;
  }

  /**
   * Tells whether releases are announced with sharded pub/sub: on a Redis 7 cluster, where the
   * scripts run in their sharded form and waiters subscribe with {@link #ssubscribe}.
   *
   * @return true for a cluster of Redis 7 or later
   */
  default boolean shardedPubSub() {
    return false;
  }

  /**
   * Subscribes to shard channels of one slot, on the primary that serves it, and delivers their
   * messages on the calling thread until every channel is unsubscribed or the connection fails.
   *
   * @param listener receives messages, and sends subscribe and unsubscribe requests
   * @param channels the first channels, all of one slot
   * @throws UnsupportedOperationException unless {@link #shardedPubSub()}
   */
  default void ssubscribe(redis.clients.jedis.JedisShardedPubSub listener, String... channels) {
    throw new UnsupportedOperationException("sharded pub/sub is for a Redis 7 cluster");
  }

  /**
   * Sends a cluster client a command on {@code key}, so that it reads the slot map again if the
   * key's slot moved: Jedis learns of a move only from a command's MOVED reply. Nothing elsewhere.
   *
   * @param key a key of the slot
   */
  default void refreshRoute(String key) {}

  /**
   * Names the primary that serves a channel's slot now.
   *
   * @param channel a shard channel
   * @return its node, e.g. {@code 127.0.0.1:7001}
   * @throws UnsupportedOperationException unless {@link #shardedPubSub()}
   * @throws io.dspinlock.RedisUnavailableException if the cluster cannot be reached
   */
  default String nodeOf(String channel) {
    throw new UnsupportedOperationException("sharded pub/sub is for a Redis 7 cluster");
  }

  /**
   * Describes the server for messages, never with a password.
   *
   * @return e.g. {@code localhost:6379/0}
   */
  String describe();

  /**
   * Refuses every later call with {@link io.dspinlock.RedisNotInitializedException}, and releases
   * the client when this gateway owns it; idempotent.
   */
  @Override
  void close();
}
