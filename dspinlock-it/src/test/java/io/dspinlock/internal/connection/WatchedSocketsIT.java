package io.dspinlock.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.RedisServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Blocking reads under the watchdog: the timeouts hold, and only where Jedis asked for them. */
class WatchedSocketsIT {
  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.US_ASCII);
  private static final JedisClientConfig CONFIG = DefaultJedisClientConfig.builder().build();

  private static RedisServer server;

  @BeforeAll
  static void start() {
    server = RedisServer.start();
  }

  /** A test that cut a DEBUG SLEEP short leaves the server asleep: the next one waits for it. */
  @AfterEach
  void serverAwake() {
    try (Jedis plain = new Jedis("127.0.0.1", server.port(), 5_000)) {
      assertThat(plain.ping()).isEqualTo("PONG");
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HostAndPort address() {
    return new HostAndPort("127.0.0.1", server.port());
  }

  private static String sleepThenPing(Connection c, String seconds) {
    c.executeCommand(
        new CommandObject<>(
            new CommandArguments(DEBUG).add("SLEEP").add(seconds), BuilderFactory.STRING));
    return c.executeCommand(
        new CommandObject<>(new CommandArguments(Protocol.Command.PING), BuilderFactory.STRING));
  }

  @Test
  void aReplyLaterThanTheTimeout_endsTheReadWithATimeout_withinATick() {
    try (WatchedSockets sockets = new WatchedSockets(address(), 2_000, 200);
        Connection c = new Connection(sockets, CONFIG)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> sleepThenPing(c, "1"))
          .isInstanceOf(JedisConnectionException.class)
          .hasRootCauseInstanceOf(java.io.IOException.class)
          .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class))
          .hasMessageContaining("Read timed out after 200 ms");
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(tookMillis).as("cut after the timeout, not at the reply").isBetween(200L, 900L);
      assertThat(c.isBroken()).isTrue();
      assertThat(sockets.openSockets()).isZero();
    }
  }

  @Test
  void aReplyWithinTheTimeout_isRead_andAZeroTimeoutIsNeverCut() {
    try (WatchedSockets sockets = new WatchedSockets(address(), 2_000, 100);
        Connection c = new Connection(sockets, CONFIG)) {
      assertThat(sleepThenPing(c, "0.02")).isEqualTo("PONG");
      c.setTimeoutInfinite(); // what Jedis does for a subscription: a timeout of 0
      assertThat(sleepThenPing(c, "0.5")).as("waited 5 times the timeout").isEqualTo("PONG");
      c.rollbackTimeout();
      assertThatThrownBy(() -> sleepThenPing(c, "0.5"))
          .isInstanceOf(JedisConnectionException.class)
          .hasMessageContaining("Read timed out after 100 ms");
    }
  }

  @Test
  void aConnectThatGetsNoAnswer_endsWithATimeout() throws Exception {
    // A listener that never accepts, its queue filled: the next handshake gets no answer.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try (WatchedSockets sockets =
          new WatchedSockets(new HostAndPort("127.0.0.1", silent.getLocalPort()), 300, 1_000)) {
        JedisConnectionException failed = null;
        long start = 0;
        for (int i = 0; i < 8 && failed == null; i++) {
          start = System.nanoTime();
          try {
            fillers.add(sockets.createSocket());
          } catch (JedisConnectionException e) {
            failed = e;
          }
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(failed).as("a connect failed once the queue was full").isNotNull();
        assertThat(failed.getCause())
            .isInstanceOf(SocketTimeoutException.class)
            .hasMessageContaining("Connect timed out after 300 ms");
        assertThat(tookMillis).isBetween(300L, 1_500L);
        assertThat(sockets.openSockets()).isEqualTo(fillers.size());
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  private static Thread watchdogOf(HostAndPort address) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("dspinlock-socket-watchdog-" + address) && t.isAlive())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void closing_keepsTheTimeoutOfAReadInFlight_thenStopsTheWatchdog() throws Exception {
    WatchedSockets sockets = new WatchedSockets(address(), 2_000, 300);
    Thread watchdog = watchdogOf(address());
    Connection c = new Connection(sockets, CONFIG);
    CompletableFuture<Throwable> failure =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                sleepThenPing(c, "2");
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sockets.openSockets() == 1 && c.isConnected());
    sockets.close(); // the session closes while the command waits
    assertThatThrownBy(sockets::createSocket).isInstanceOf(JedisConnectionException.class);

    Throwable e = failure.get(5, TimeUnit.SECONDS);
    assertThat(e).isInstanceOf(JedisConnectionException.class);
    assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
    c.close();
    watchdog.join(5_000);
    assertThat(watchdog.isAlive()).as("stopped once its last socket closed").isFalse();
  }
}
