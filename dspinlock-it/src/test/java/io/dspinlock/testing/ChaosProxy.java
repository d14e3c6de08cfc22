package io.dspinlock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback between a client and Redis that can add latency to every byte, in both
 * directions, and cut every connection (refusing new ones) until restored.
 */
public final class ChaosProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile long delayNanos;
  private volatile boolean cut;
  private volatile boolean closed;

  private record Chunk(long due, byte[] bytes) {}

  private ChaosProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("proxy-accept", this::acceptLoop);
  }

  /**
   * Starts a proxy to a loopback port.
   *
   * @param targetPort where Redis listens
   * @return the running proxy
   */
  public static ChaosProxy to(int targetPort) {
    try {
      return new ChaosProxy(targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the proxy's port. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Returns {@code redis://127.0.0.1:<proxy port>/0}. */
  public String uri() {
    return "redis://127.0.0.1:" + port() + "/0";
  }

  /**
   * Delays every byte by this much in each direction (a round trip gains twice as much).
   *
   * @param oneWay the delay
   */
  public void latency(Duration oneWay) {
    delayNanos = oneWay.toNanos();
  }

  /** Closes every connection, and closes new ones at once, until {@link #restore()}. */
  public void cut() {
    cut = true;
    sockets.forEach(ChaosProxy::closeQuietly);
  }

  /** Accepts connections again. */
  public void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void pipe(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    daemon(
        "proxy-read",
        () -> {
          byte[] buf = new byte[16384];
          try {
            for (int n; (n = in.read(buf)) >= 0; ) {
              queue.put(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
            }
          } catch (IOException | InterruptedException e) {
            // connection closed or cut
          }
          queue.add(new Chunk(0, null));
        });
    daemon(
        "proxy-write",
        () -> {
          try {
            for (Chunk c; (c = queue.take()).bytes() != null; ) {
              long wait = c.due() - System.nanoTime();
              if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // the latency under test
              }
              out.write(c.bytes());
              out.flush();
            }
          } catch (IOException | InterruptedException e) {
            // connection closed or cut
          }
          closeQuietly(from);
          closeQuietly(to);
        });
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
