package io.dspinlock.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process, from the binary that the {@code embedded-redis} artifact ships,
 * listening on a free loopback port, without persistence. It can be stopped, killed with SIGKILL
 * and restarted on the same port, for fault tests; a server still running when the JVM exits is
 * killed then.
 *
 * <pre>{@code
 * try (RedisServer server = RedisServer.start()) {
 *   RedisSession session = RedisConnections.create(server.uri());
 *   // ...
 * }
 * }</pre>
 *
 * <p>Waits for the server are bounded: 10 s to start or stop, multiplied by the system property
 * {@code dspinlock.test.timeoutFactor} on slow machines.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration WAIT =
      Duration.ofSeconds(10L * Math.max(1, Integer.getInteger("dspinlock.test.timeoutFactor", 1)));

  private static volatile File binary;

  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private final String configFile;
  private Process process;

  private RedisServer(int port, List<String> extraArgs, String configFile) throws IOException {
    this.port = port;
    this.dir = Files.createTempDirectory("dspinlock-redis-" + port + "-");
    this.extraArgs = List.copyOf(extraArgs);
    this.configFile = configFile;
  }

  /**
   * Starts a server on a free loopback port, without persistence.
   *
   * @param extraArgs more {@code redis-server} arguments, e.g. {@code "--appendonly", "yes"}
   * @return the running server
   * @throws UncheckedIOException if it cannot be started, or does not answer within the wait
   */
  public static RedisServer start(String... extraArgs) {
    try {
      RedisServer server = new RedisServer(freePort(), List.of(extraArgs), null);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the path of the redis-server binary: the one the system property {@code
   * dspinlock.redis.server} names when it is set (for example {@code /usr/bin/redis-server}, to
   * test against the Redis the machine has), else the one of {@code embedded-redis}, extracted once
   * per JVM.
   *
   * @return an executable file
   * @throws IOException if it cannot be extracted or made executable
   */
  public static File binary() throws IOException {
    String chosen = System.getProperty("dspinlock.redis.server", "");
    if (!chosen.isBlank()) {
      File given = new File(chosen);
      if (!given.canExecute()) {
        throw new IOException("dspinlock.redis.server names no executable: " + chosen);
      }
      return given;
    }
    File b = binary;
    if (b == null) {
      synchronized (RedisServer.class) {
        b = binary;
        if (b == null) {
          b = ExecutableProvider.newJarResourceProvider().get();
          if (!b.canExecute() && !b.setExecutable(true)) {
            throw new IOException("cannot make " + b + " executable");
          }
          binary = b;
        }
      }
    }
    return b;
  }

  private static volatile int majorVersion;

  /**
   * Returns the major version of the binary, from {@code redis-server --version}.
   *
   * @return e.g. 6 or 7
   * @throws IOException if the binary cannot tell
   */
  public static int majorVersion() throws IOException {
    int v = majorVersion;
    if (v == 0) {
      Process p = new ProcessBuilder(binary().getAbsolutePath(), "--version").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("v=(\\d+)\\.").matcher(out);
      if (!m.find()) {
        throw new IOException("redis-server --version said: " + out);
      }
      v = Integer.parseInt(m.group(1));
      majorVersion = v;
    }
    return v;
  }

  /**
   * Finds a loopback port that nobody listens on right now.
   *
   * @return a port number
   * @throws UncheckedIOException if no socket can be opened
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a Redis Sentinel that monitors a primary as {@code mymaster}.
   *
   * @param primaryPort the primary's port
   * @param quorum sentinels that must agree the primary is down
   * @return the running sentinel
   */
  public static RedisServer sentinel(int primaryPort, int quorum) {
    return sentinel(primaryPort, quorum, List.of());
  }

  /**
   * Starts a Redis Sentinel that monitors a primary as {@code mymaster}, with more configuration.
   *
   * @param primaryPort the primary's port
   * @param quorum sentinels that must agree the primary is down
   * @param moreConfig more lines of its configuration file, e.g. {@code tls-port 26380}
   * @return the running sentinel
   */
  public static RedisServer sentinel(int primaryPort, int quorum, List<String> moreConfig) {
    try {
      int port = freePort();
      List<String> lines =
          new ArrayList<>(
              List.of(
                  "port " + port,
                  "bind 127.0.0.1",
                  "protected-mode no",
                  "sentinel monitor mymaster 127.0.0.1 " + primaryPort + " " + quorum,
                  "sentinel down-after-milliseconds mymaster 1000",
                  "sentinel failover-timeout mymaster 5000",
                  "sentinel parallel-syncs mymaster 1"));
      lines.addAll(moreConfig);
      lines.add("");
      String config = String.join("\n", lines);
      RedisServer server = new RedisServer(port, List.of(), config);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary().getAbsolutePath());
    if (configFile != null) {
      // A sentinel rewrites its config file: each gets one of its own.
      Path conf = dir.resolve("sentinel.conf");
      if (!Files.exists(conf)) {
        Files.writeString(conf, configFile);
      }
      cmd.addAll(List.of(conf.toString(), "--sentinel"));
      cmd.addAll(
          List.of("--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
    } else {
      cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1"));
      cmd.addAll(List.of("--save", "", "--appendonly", "no", "--protected-mode", "no"));
      if (majorVersion() >= 7) {
        // Redis 7 refuses DEBUG by default; tests use DEBUG SLEEP for a server that is slow.
        cmd.addAll(List.of("--enable-debug-command", "local"));
      }
      cmd.addAll(
          List.of("--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
      cmd.addAll(extraArgs);
    }
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    process.getOutputStream().close();
    SHUTDOWN.add(this);
    awaitListening();
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    // A TLS-only server does not speak plain text: its log says when it is ready.
    boolean tlsOnly = extraArgs.contains("--tls-port");
    while (tlsOnly ? !log().contains("Ready to accept connections") : !answersPing()) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited: " + log());
      }
      if (System.nanoTime() - deadline > 0) {
        process.destroyForcibly();
        throw new IOException("redis-server did not answer on port " + port + " within " + WAIT);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(10); // nothing to wait on but the port
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting redis-server", e);
      }
    }
  }

  private boolean answersPing() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      s.setSoTimeout(500);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[64];
      int n = s.getInputStream().read(buf);
      String reply = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
      // A server with a password answers NOAUTH: it is up all the same.
      return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
    } catch (IOException notYet) {
      return false;
    }
  }

  /**
   * Returns the server's log, for failure messages.
   *
   * @return the log's text, or a note that there is none
   */
  public String log() {
    try {
      Path log = dir.resolve("redis.log");
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** {@return the port, on 127.0.0.1} */
  public int port() {
    return port;
  }

  /** {@return {@code redis://127.0.0.1:<port>/0}} */
  public String uri() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** {@return the directory the server runs in: its log, its data, its config} */
  public Path dir() {
    return dir;
  }

  /** {@return the process id of the running server} */
  public long pid() {
    return process.pid();
  }

  /** {@return whether the server process runs} */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Kills the server with SIGKILL and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** Stops the server with SIGTERM and waits until it is gone. */
  public void stop() {
    process.destroy();
    awaitExit();
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the server again on the same port, with the same arguments and data directory. */
  public void restart() {
    if (isAlive()) {
      stop();
    }
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the server if it runs; idempotent. */
  @Override
  public void close() {
    SHUTDOWN.remove(this);
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  /** The servers still running, killed when the JVM exits. */
  private static final java.util.Set<RedisServer> SHUTDOWN = newShutdownSet();

  private static java.util.Set<RedisServer> newShutdownSet() {
    java.util.Set<RedisServer> set = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> set.forEach(s -> s.process.destroyForcibly()), "redis-server-kill"));
    return set;
  }
}
