package io.dspinlock.internal.connection;

import io.dspinlock.internal.util.Log;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The shards of a Redis Cluster, for sharded pub/sub: on Redis 7 and later a release is announced
 * with {@code SPUBLISH} to the subscribers of its key's shard, who subscribe with {@code
 * SSUBSCRIBE} on the primary that serves the key's slot, rather than with a {@code PUBLISH} that
 * every node of the cluster forwards to every other. And the node-by-node parts of other commands.
 *
 * <p>Over the cluster connections of a session the library made ({@link #of}), or of a cluster
 * client the application adopted ({@link #ofAdopted}): Jedis 6 and 7 call it {@code JedisCluster},
 * Jedis 8 {@code RedisClusterClient}, and their common base {@code UnifiedJedis} has neither of the
 * methods needed here, so an adopted client's are looked up by name; and the node of one of its
 * connections, which Jedis 6 and 7 keep package-private, too.
 */
final class ClusterShards {
  private final ClusterConnectionProvider provider; // null for an adopted client
  private final UnifiedJedis adopted; // null for the library's own
  private final Method fromSlot; // the adopted client's getConnectionFromSlot(int)
  private final Method nodes; // the adopted client's getClusterNodes()
  private final String description;
  private volatile Boolean sharded; // found out on first use

  private ClusterShards(
      ClusterConnectionProvider provider,
      UnifiedJedis adopted,
      Method fromSlot,
      Method nodes,
      String description) {
    this.provider = provider;
    this.adopted = adopted;
    this.fromSlot = fromSlot;
    this.nodes = nodes;
    this.description = description;
  }

  /** The shards of a cluster client that the library made over {@code provider}. */
  static ClusterShards of(ClusterConnectionProvider provider, String description) {
    return new ClusterShards(provider, null, null, null, description);
  }

  /** The shards of an adopted client, or null if it is no cluster client. */
  static ClusterShards ofAdopted(UnifiedJedis client, String description) {
    try {
      Method fromSlot = client.getClass().getMethod("getConnectionFromSlot", int.class);
      Method nodes = client.getClass().getMethod("getClusterNodes");
      return new ClusterShards(null, client, fromSlot, nodes, description);
    } catch (NoSuchMethodException notACluster) {
      return null;
    }
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

  /** A connection to the primary that serves {@code slot}; closing it gives it back. */
  private Connection fromSlot(int slot) {
    if (provider != null) {
      return provider.getConnectionFromSlot(slot);
    }
    return (Connection) call(fromSlot, slot);
  }

  @SuppressWarnings("unchecked")
  private Map<String, ConnectionPool> nodes() {
    return provider != null ? provider.getNodes() : (Map<String, ConnectionPool>) call(nodes);
  }

  private Object call(Method m, Object... args) {
    try {
      return m.invoke(adopted, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + m + " on " + adopted.getClass(), e);
    }
  }

  /**
   * Asks one node of the cluster for its version. A node that does not tell (an ACL without {@code
   * INFO}) or cannot be reached now leaves the classic form, which every version understands.
   */
  private boolean sevenOrLater() {
    try (Connection c = fromSlot(0)) {
      String v =
          Replies.infoField(
              Replies.text(c.executeCommand(Replies.command(Protocol.Command.INFO, "server"))),
              "redis_version");
      if (v != null) {
        int dot = v.indexOf('.');
        return Integer.parseInt(dot < 0 ? v : v.substring(0, dot)) >= 7;
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
    try (Connection c = fromSlot(JedisClusterCRC16.getSlot(channels[0]))) {
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
    try (Connection c = fromSlot(JedisClusterCRC16.getSlot(key))) {
      return work.apply(c);
    }
  }

  /** Scans node by node; replicas repeat their primary's keys, the set drops them. */
  void scan(String pattern, int limit, Set<String> keys) {
    for (ConnectionPool node : nodes().values()) {
      try (Connection c = node.getResource()) {
        Replies.scanInto(new Jedis(c), pattern, limit, keys);
      }
    }
  }

  /** {@return the primary that serves a channel's slot now, e.g. {@code 127.0.0.1:7001}} */
  String nodeOf(String channel) {
    int slot = JedisClusterCRC16.getSlot(channel);
    if (provider != null) {
      return provider.getNode(slot).toString();
    }
    try (Connection c = fromSlot(slot)) {
      return String.valueOf(HOST_AND_PORT.invoke(c));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot tell the node of a connection of this Jedis", e);
    }
  }

  /** {@code Connection.getHostAndPort()}: public in Jedis 8, package-private before. */
  private static final Method HOST_AND_PORT = hostAndPort();

  private static Method hostAndPort() {
    try {
      Method m = Connection.class.getDeclaredMethod("getHostAndPort");
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException | RuntimeException e) {
      throw new IllegalStateException("this Jedis' connections do not tell their node", e);
    }
  }
}
