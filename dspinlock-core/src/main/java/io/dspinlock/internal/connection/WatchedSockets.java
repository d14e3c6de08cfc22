package io.dspinlock.internal.connection;

import io.dspinlock.internal.util.Log;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The sockets of a standalone session's plain TCP connections: they wait for a reply inside a
 * blocking read, and a watchdog thread keeps the timeouts that such a read does not have.
 *
 * <p>Why: Java reads a socket that has a timeout in three system calls per reply (a read that finds
 * nothing yet, a poll that waits, the read again); a socket without one waits inside a single read
 * (docs/BENCHMARKS.md has the measurements). A socket keeps that mode only if it is never given a
 * timeout, so the connect is untimed too. A reader that is alone in the process spins briefly
 * before it blocks (see {@code spinForReply}).
 *
 * <p>Note on time: nothing waits unbounded. Each socket records when its current connect or read
 * ends; every tick (a tenth of the shortest timeout, between 5 and 100 ms) the watchdog closes the
 * socket of one that has waited longer than its timeout, which ends the wait with the {@link
 * SocketTimeoutException} a timed socket would have thrown, a tick late at most. A read under a
 * timeout of 0 (Jedis sets it for a subscription) is never cut. Closing the socket, unlike a timed
 * read, leaves the connection unusable, as Jedis already treats a connection whose read timed out.
 * TLS connections keep Jedis' own sockets.
 */
final class WatchedSockets implements JedisSocketFactory, AutoCloseable {
  private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_TICK = TimeUnit.MILLISECONDS.toNanos(100);

  private final HostAndPort address;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final long tickNanos;
  private final Set<WatchedSocket> open = ConcurrentHashMap.newKeySet();
  private final Thread watchdog;
  private volatile boolean closed;

  /**
   * Starts the watchdog of one session's sockets.
   *
   * @param address the server
   * @param connectTimeoutMillis the longest connect, positive
   * @param readTimeoutMillis the longest wait for a reply, positive; Jedis may change it per socket
   */
  WatchedSockets(HostAndPort address, int connectTimeoutMillis, int readTimeoutMillis) {
    if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    this.address = address;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
    long shortest =
        TimeUnit.MILLISECONDS.toNanos(Math.min(connectTimeoutMillis, readTimeoutMillis));
    this.tickNanos = Math.max(MIN_TICK, Math.min(MAX_TICK, shortest / 10));
    this.watchdog = new Thread(this::watch, "dspinlock-socket-watchdog-" + address);
    watchdog.setDaemon(true);
    watchdog.start();
  }

  @Override
  public Socket createSocket() {
    if (closed) {
      throw new JedisConnectionException("the session's connections are closed");
    }
    InetAddress[] candidates;
    try {
      candidates = InetAddress.getAllByName(address.getHost());
    } catch (IOException e) {
      throw new JedisConnectionException("Failed to connect to " + address, e);
    }
    IOException last = null;
    for (InetAddress candidate : candidates) {
      WatchedSocket socket = new WatchedSocket(this, readTimeoutMillis);
      open.add(socket);
      if (closed) { // close() ran meanwhile: its watchdog may not see this socket
        socket.closeQuietly();
        throw new JedisConnectionException("the session's connections are closed");
      }
      try {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.setSoLinger(true, 0);
        socket.connectWithin(
            new InetSocketAddress(candidate, address.getPort()), connectTimeoutMillis);
        return socket;
      } catch (IOException e) {
        socket.closeQuietly();
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
      }
    }
    throw new JedisConnectionException("Failed to connect to " + address, last);
  }

  /**
   * Ticks until the factory is closed and its last socket too: a command still in flight when the
   * session closes keeps its timeout.
   */
  private void watch() {
    while (!closed || !open.isEmpty()) {
      LockSupport.parkNanos(this, tickNanos);
      long now = System.nanoTime();
      for (WatchedSocket socket : open) {
        try {
          if (socket.isClosed()) {
            open.remove(socket); // closed by a path that did not go through close() here
          } else {
            socket.check(now);
          }
        } catch (RuntimeException unexpected) {
          Log.debug("socket watchdog: {}", unexpected.toString()); // keep watching the others
        }
      }
    }
  }

  void forget(WatchedSocket socket) {
    open.remove(socket);
  }

  /** Returns the sockets not closed yet; for tests. */
  int openSockets() {
    return open.size();
  }

  /** Refuses new sockets; the watchdog stops once the connections have closed the open ones. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(watchdog);
  }
}
