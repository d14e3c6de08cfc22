package io.dspinlock.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * A redis-server for the demo and the benchmarks when none is given: the binary shipped in the
 * embedded-redis artifact, on a free loopback port, without persistence, stopped on close or at JVM
 * exit.
 */
public final class EmbeddedRedisServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private EmbeddedRedisServer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts a server and waits until it answers.
   *
   * @param extraArgs more {@code redis-server} arguments
   * @return the running server
   * @throws IOException if it cannot be started within 10 s
   */
  public static EmbeddedRedisServer start(String... extraArgs) throws IOException {
    File binary = ExecutableProvider.newJarResourceProvider().get();
    if (!binary.canExecute() && !binary.setExecutable(true)) {
      throw new IOException("cannot make " + binary + " executable");
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path dir = Files.createTempDirectory("dspinlock-redis-");
    List<String> cmd = new ArrayList<>(List.of(binary.getAbsolutePath()));
    cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1"));
    cmd.addAll(List.of("--save", "", "--appendonly", "no", "--protected-mode", "no"));
    cmd.addAll(List.of("--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
    cmd.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    EmbeddedRedisServer server = new EmbeddedRedisServer(p, port, dir);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-redis-stop"));
    server.awaitReady(Duration.ofSeconds(10));
    return server;
  }

  private void awaitReady(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IOException("redis-server did not start on port " + port);
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
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return in.read() == '+';
    } catch (IOException notYet) {
      return false;
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

  /** Stops the server; idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    File[] files = dir.toFile().listFiles();
    if (files != null) {
      for (File f : files) {
        f.delete();
      }
    }
    dir.toFile().delete();
  }
}
