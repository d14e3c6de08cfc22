package io.dspinlock.internal.connection;

import io.dspinlock.RedisNotInitializedException;
import io.dspinlock.RedisRefusedException;
import io.dspinlock.RedisUnavailableException;
import io.dspinlock.internal.scripts.ClusterArgs;
import io.dspinlock.internal.scripts.Script;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** {@link RedisGateway} over any Jedis client: standalone, Sentinel or Cluster. */
public final class JedisGateway implements RedisGateway {
  /** A connection failure faster than this is retried once. */
  private static final long RETRY_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final UnifiedJedis jedis;
  private final boolean owned;
  private final String description;
  private final boolean tls;
  private final ClusterShards shards; // null unless a cluster
  private volatile boolean closed;

  /**
   * Adopts a client.
   *
   * @param jedis the client
   * @param owned whether {@link #close()} closes the client
   * @param description the server, for messages; without a password
   * @param tls whether the connections use TLS, for the messages of failed handshakes
   */
  public JedisGateway(UnifiedJedis jedis, boolean owned, String description, boolean tls) {
    this(
        new JedisClients.Client(jedis, ClusterShards.ofAdopted(jedis, description)),
        owned,
        description,
        tls);
  }

  /**
   * Takes a client the library made.
   *
   * @param client the client, and its cluster's shards if it is a cluster client
   * @param owned whether {@link #close()} closes the client
   * @param description the server, for messages; without a password
   * @param tls whether the connections use TLS, for the messages of failed handshakes
   */
  public JedisGateway(JedisClients.Client client, boolean owned, String description, boolean tls) {
    this.jedis = client.jedis();
    this.owned = owned;
    this.description = description;
    this.tls = tls;
    this.shards = client.shards();
  }

  @Override
  public Script.Reply eval(Script.Call call) {
    requireOpen();
    long start = System.nanoTime();
    try {
      return call.script().decode(run(call));
    } catch (JedisConnectionException e) {
      requireOpen();
      if (System.nanoTime() - start > RETRY_WINDOW_NANOS) {
        throw translate(call, e);
      }
      // Failed at once: most likely a pooled connection that a server restart broke. Every
      // script is safe to run twice (a retried acquire finds the key ours, a retried release
      // finds it already COMPUTED), so try once more on a fresh connection.
      try {
        return call.script().decode(run(call));
      } catch (JedisException again) {
        throw translate(call, again);
      }
    } catch (JedisException e) {
      throw translate(call, e);
    }
  }

  private Object run(Script.Call call) {
    try {
      return jedis.executeCommand(call.evalsha(shardedPubSub()));
    } catch (JedisNoScriptException notLoaded) {
      // EVAL runs the script and caches it: the next EVALSHA finds it.
      return jedis.executeCommand(call.eval(shardedPubSub()));
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new RedisNotInitializedException("the session to " + description + " is closed");
    }
  }

  private RuntimeException translate(Script.Call call, JedisException e) {
    return translate(call.script() + " on " + call.key(), e);
  }

  /** One wording for every failure: the server, what was run, and Redis' own message. */
  private RuntimeException translate(String what, JedisException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof JedisDataException) {
      return new RedisRefusedException(
          "Redis at "
              + description
              + " refused "
              + what
              + ": "
              + message
              + (message.contains("NOPERM") ? NEEDS : ""),
          e);
    }
    String hint =
        tls && message.contains("timed out") && (e.getCause() instanceof SocketTimeoutException)
            ? "; the server did not complete a TLS handshake, or answer: is it a plain-TCP port?"
                + " (rediss:// needs the server's TLS port)"
            : "";
    return new RedisUnavailableException(
        "Redis at " + description + " unavailable running " + what + ": " + message + hint, e);
  }

  @Override
  public Waited evalAndWait(Script.Call call, int replicas, long timeoutMillis) {
    requireOpen();
    try {
      try {
        return waitOnOneConnection(call, replicas, timeoutMillis, call.evalsha(shardedPubSub()));
      } catch (JedisNoScriptException notLoaded) {
        // Inside the outer try: a failure of the EVAL is translated like any other.
        return waitOnOneConnection(call, replicas, timeoutMillis, call.eval(shardedPubSub()));
      }
    } catch (JedisException e) {
      throw translate(call, e);
    }
  }

  private Waited waitOnOneConnection(
      Script.Call call, int replicas, long timeoutMillis, CommandObject<Object> script) {
    CommandObject<Long> wait =
        new CommandObject<>(
            new CommandArguments(Protocol.Command.WAIT).add(replicas).add(timeoutMillis),
            BuilderFactory.LONG);
    if (shards != null) {
      return shards.onPrimaryOf(
          call.keys().get(0),
          c -> new Waited(call.script().decode(c.executeCommand(script)), c.executeCommand(wait)));
    }
    Object[] replies = OneConnection.scriptThenWait(jedis, script, wait);
    return new Waited(call.script().decode(replies[0]), (Long) replies[1]);
  }

  @Override
  public String popWithin(String list, long timeoutMillis) {
    requireOpen();
    // Not a blocking command to Jedis, which would lift the socket's timeout for it: the wait is
    // bounded on the server, and the command timeout still guards the connection.
    CommandObject<List<String>> pop =
        new CommandObject<>(
            ClusterArgs.of(Protocol.Command.BLPOP)
                .key(list)
                .add(BigDecimal.valueOf(timeoutMillis, 3).toPlainString()),
            BuilderFactory.STRING_LIST);
    try {
      List<String> popped = WatchedSocket.waitingOnServer(() -> jedis.executeCommand(pop));
      return popped == null || popped.size() < 2 ? null : popped.get(1);
    } catch (JedisException e) {
      throw translate("BLPOP " + list, e);
    }
  }

  @Override
  public int blockingWaits() {
    // The library's clients have JedisClients.POOL_SIZE connections; an adopted one may have
    // Jedis' default of 8.
    return owned ? 8 : 2;
  }

  @Override
  public byte[] get(byte[] key) {
    requireOpen();
    try {
      return jedis.get(key);
    } catch (JedisException e) {
      throw translate("GET " + new String(key, StandardCharsets.UTF_8), e);
    }
  }

  @Override
  public void set(byte[] key, byte[] value, long ttlMillis) {
    requireOpen();
    try {
      jedis.executeCommand(Replies.setPx(key, value, ttlMillis));
    } catch (JedisException e) {
      throw translate("SET " + new String(key, StandardCharsets.UTF_8), e);
    }
  }

  @Override
  public java.util.Map<String, String> configGet(String pattern) {
    requireOpen();
    if (shards != null) {
      throw new RedisRefusedException("CONFIG GET is not sent to a cluster by this client", null);
    }
    try {
      return Replies.pairs(
          jedis.executeCommand(Replies.command(Protocol.Command.CONFIG, "GET", pattern)));
    } catch (JedisException e) {
      throw translate("CONFIG GET " + pattern, e);
    }
  }

  @Override
  public long evictedKeys() {
    requireOpen();
    if (shards != null) {
      throw new RedisRefusedException("INFO is not sent to a cluster by this client", null);
    }
    try {
      return Replies.evictedKeys(
          Replies.text(jedis.executeCommand(Replies.command(Protocol.Command.INFO, "stats"))),
          description);
    } catch (JedisException e) {
      throw translate("INFO stats", e);
    }
  }

  @Override
  public List<String> scan(String pattern, int limit) {
    requireOpen();
    Set<String> keys = new LinkedHashSet<>();
    try {
      if (shards != null) {
        shards.scan(pattern, limit, keys);
      } else {
        Replies.scanInto(jedis, pattern, limit, keys);
      }
    } catch (JedisException e) {
      throw translate("SCAN " + pattern, e);
    }
    return new ArrayList<>(keys);
  }

  @Override
  public void subscribe(JedisPubSub listener, String... channels) {
    jedis.subscribe(listener, channels);
  }

  @Override
  public boolean isCluster() {
    return shards != null;
  }

  @Override
  public boolean shardedPubSub() {
    return shards != null && shards.sharded();
  }

  @Override
  public void ssubscribe(JedisShardedPubSub listener, String... channels) {
    requireOpen();
    shards.ssubscribe(listener, channels);
  }

  @Override
  public void refreshRoute(String key) {
    if (shards != null) {
      try {
        jedis.exists(key); // a keyed command: a MOVED reply makes Jedis read the slot map again
      } catch (JedisException unreachable) {
        // the next attempt tries again
      }
    }
  }

  @Override
  public String nodeOf(String channel) {
    requireOpen();
    try {
      return shards.nodeOf(channel);
    } catch (JedisException e) {
      throw translate("a connection to the node of " + channel, e);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    closed = true;
    if (owned) {
      jedis.close();
    }
  }
}
