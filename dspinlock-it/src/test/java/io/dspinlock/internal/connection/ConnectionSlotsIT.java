package io.dspinlock.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.test.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** The standalone connection slots across a restart of redis-server. */
class ConnectionSlotsIT {
  private static final int IDLE = 4;
  private static final redis.clients.jedis.commands.ProtocolCommand DEBUG =
      () -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static String ping(Connection c) {
    return c.executeCommand(
        new CommandObject<>(
            new CommandArguments(Protocol.Command.PING),
            redis.clients.jedis.BuilderFactory.STRING));
  }

  @Test
  void aConnectionThatTimesOut_leavesTheIdleOnesAlone() {
    try (RedisServer server = RedisServer.start();
        ConnectionSlots slots =
            new ConnectionSlots(
                new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().socketTimeoutMillis(200).build(),
                8,
                200_000_000L)) {
      Connection first = slots.getConnection();
      Connection second = slots.getConnection();
      assertThat(ping(first)).isEqualTo("PONG");
      assertThat(ping(second)).isEqualTo("PONG");
      second.close();
      first.close(); // idle, most recent first: first, then second

      try (Connection slow = slots.getConnection()) {
        assertThat(slow).isSameAs(first);
        assertThatThrownBy(
                () ->
                    slow.executeCommand(
                        new CommandObject<>(
                            new CommandArguments(DEBUG).add("SLEEP").add("0.5"),
                            redis.clients.jedis.BuilderFactory.STRING)))
            .isInstanceOf(JedisConnectionException.class);
      }
      // A timeout says nothing of the other connections: the idle one is still there.
      try (Connection next = slots.getConnection()) {
        assertThat(next).isSameAs(second);
      }
    }
  }

  @Test
  void afterARestart_oneBrokenConnectionDropsTheStaleIdleOnes() throws Exception {
    try (RedisServer server = RedisServer.start();
        ConnectionSlots slots =
            new ConnectionSlots(
                new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().build(),
                8,
                1_000_000_000L)) {
      List<Connection> borrowed = new ArrayList<>();
      for (int i = 0; i < IDLE; i++) {
        borrowed.add(slots.getConnection());
      }
      for (Connection c : borrowed) {
        assertThat(ping(c)).isEqualTo("PONG");
        c.close(); // back to the idle stack
      }

      server.kill();
      server.restart();

      // The first command finds its connection dead: that is the one failure a caller sees...
      try (Connection stale = slots.getConnection()) {
        assertThatThrownBy(() -> ping(stale)).isInstanceOf(JedisConnectionException.class);
      }
      // ...and every later borrow gets a connection to the new server, not the next stale one.
      for (int i = 0; i < IDLE; i++) {
        try (Connection fresh = slots.getConnection()) {
          assertThat(ping(fresh)).isEqualTo("PONG");
        }
      }
    }
  }
}
