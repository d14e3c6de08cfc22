package io.dspinlock.testing;

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
import org.awaitility.Awaitility;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process, from the binary that the embedded-redis artifact ships, listening on
 * a free loopback port. It can be stopped, killed with SIGKILL, paused and restarted on the same
 * port, for fault tests.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static volatile File binary;

  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private final String configFile;
  private Process process;

  private RedisServerProcess(int port, List<String> extraArgs, String configFile)
      throws IOException {
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
   */
  public static RedisServerProcess start(String... extraArgs) {
    try {
      RedisServerProcess server = new RedisServerProcess(freePort(), List.of(extraArgs), null);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the path of the redis-server binary, extracted once per JVM.
   *
   * @return an executable file
   */
  public static File binary() throws IOException {
    File b = binary;
    if (b == null) {
      synchronized (RedisServerProcess.class) {
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
  public static RedisServerProcess sentinel(int primaryPort, int quorum) {
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
  public static RedisServerProcess sentinel(int primaryPort, int quorum, List<String> moreConfig) {
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
      RedisServerProcess server = new RedisServerProcess(port, List.of(), config);
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
      cmd.addAll(
          List.of("--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
      cmd.addAll(extraArgs);
    }
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    process.getOutputStream().close();
    awaitListening(TestTimeouts.seconds(10));
  }

  private void awaitListening(Duration timeout) {
    Awaitility.await("redis-server on port " + port)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + log());
              }
              // A TLS-only server does not speak plain text: its log says when it is ready.
              return extraArgs.contains("--tls-port")
                  ? log().contains("Ready to accept connections")
                  : answersPing();
            });
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

  /** Returns the port. */
  public int port() {
    return port;
  }

  /** Returns {@code redis://127.0.0.1:<port>/0}. */
  public String uri() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** Returns the directory the server runs in (its log, its data, its config). */
  public Path dir() {
    return dir;
  }

  /** Returns the process id of the running server. */
  public long pid() {
    return process.pid();
  }

  /** Tells whether the server process runs. */
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
      if (!process.waitFor(TestTimeouts.seconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
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

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
