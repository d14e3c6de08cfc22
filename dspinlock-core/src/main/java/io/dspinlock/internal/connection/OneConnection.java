package io.dspinlock.internal.connection;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs a script and then {@code WAIT} on one connection of a standalone or Sentinel client: WAIT
 * counts the replicas that have that connection's writes. Over the library's own client, on one of
 * its connections; over an adopted one, in a pipeline, called by name: {@code pipelined()} returns
 * a different class in Jedis 6 and 7 than in 8, so code compiled against one would not link against
 * the other.
 */
final class OneConnection {
  private OneConnection() {}

  /**
   * Sends both commands, in order, on one connection.
   *
   * @return the script's raw reply and WAIT's count
   */
  static Object[] scriptThenWait(
      UnifiedJedis jedis, CommandObject<Object> script, CommandObject<Long> wait) {
    if (jedis instanceof LibraryClient) {
      try (Connection c = ((LibraryClient) jedis).connection()) {
        Object raw = c.executeCommand(script);
        return new Object[] {raw, c.executeCommand(wait)};
      }
    }
    try {
      Object pipeline = jedis.getClass().getMethod("pipelined").invoke(jedis);
      try {
        Method append = pipeline.getClass().getMethod("appendCommand", CommandObject.class);
        Response<?> raw = (Response<?>) append.invoke(pipeline, script);
        Response<?> acked = (Response<?>) append.invoke(pipeline, wait);
        pipeline.getClass().getMethod("sync").invoke(pipeline);
        return new Object[] {raw.get(), acked.get()};
      } finally {
        pipeline.getClass().getMethod("close").invoke(pipeline); // gives its connection back
      }
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof JedisException) {
        throw (JedisException) e.getCause();
      }
      throw new IllegalStateException("a pipeline of " + jedis.getClass() + " failed", e);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("cannot pipeline on " + jedis.getClass(), e);
    }
  }
}
