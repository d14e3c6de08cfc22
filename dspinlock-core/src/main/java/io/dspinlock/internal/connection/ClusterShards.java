package io.dspinlock.internal.connection;

import io.dspinlock.internal.util.Log;
import java.util.Set;
import java.util.function.Function;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The shards of a Redis Cluster, for sharded pub/sub: on Redis 7 and later a release is announced
 * with {@code SPUBLISH} to the subscribers of its key's shard, who subscribe with {@code
 * SSUBSCRIBE} on the primary that serves the key's slot, rather than with a {@code PUBLISH} that
 * every node of the cluster forwards to every other. And the node-by-node parts of other commands.
 */
final class ClusterShards {
  private final RedisClusterClient cluster;
  private final String description;
  private volatile Boolean sharded; // found out on first use

  ClusterShards(RedisClusterClient cluster, String description) {
    this.cluster = cluster;
    this.description = description;
  }

  /** {@return true on Redis 7 or later, where the scripts announce with SPUBLISH} */
  boolean sharded() {
    Boolean s = sharded;
    if (s == null) {
      s = sevenOrLater();
      sharded = s;
    }
    return s;
  }

  /**
   * Asks one node of the cluster for its version. A node that does not tell (an ACL without {@code
   * INFO}) or cannot be reached now leaves the classic form, which every version understands.
   */
  private boolean sevenOrLater() {
    try (Connection c = cluster.getConnectionFromSlot(0)) {
      for (String line : new Jedis(c).info("server").split("\\r?\\n")) {
        if (line.startsWith("redis_version:")) {
          String v = line.substring("redis_version:".length()).trim();
          int dot = v.indexOf('.');
          return Integer.parseInt(dot < 0 ? v : v.substring(0, dot)) >= 7;
        }
      }
    } catch (JedisException | NumberFormatException unknown) {
      Log.debug("cannot tell the version of {}: classic pub/sub ({})", description, unknown);
    }
    return false;
  }

  /**
   * Subscribes to shard channels of one slot on the primary that serves it, and delivers their
   * messages on the calling thread until every channel is unsubscribed or the connection fails.
   * Channels of other slots of the same primary may be added later, one slot per request.
   */
  void ssubscribe(JedisShardedPubSub listener, String... channels) {
    try (Connection c = cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(channels[0]))) {
      try {
        listener.proceed(c, channels);
      } finally {
        // Never back into the pool: replies to unsubscriptions may still be on their way, and
        // the next command on the connection would read them as its own reply.
        c.setBroken();
      }
    }
  }

  /** Runs {@code work} on one connection to the primary that serves {@code key}'s slot. */
  <T> T onPrimaryOf(byte[] key, Function<Connection, T> work) {
    try (Connection c = cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(key))) {
      return work.apply(c);
    }
  }

  /** Scans node by node; replicas repeat their primary's keys, the set drops them. */
  void scan(String pattern, int limit, Set<String> keys) {
    for (ConnectionPool node : cluster.getClusterNodes().values()) {
      try (Connection c = node.getResource()) {
        JedisGateway.scanInto(new Jedis(c), pattern, limit, keys);
      }
    }
  }

  /** {@return the primary that serves a channel's slot now, e.g. {@code 127.0.0.1:7001}} */
  String nodeOf(String channel) {
    try (Connection c = cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(channel))) {
      return c.getHostAndPort().toString();
    }
  }
}
