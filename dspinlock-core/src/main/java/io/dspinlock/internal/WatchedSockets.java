package io.dspinlock.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The sockets of a standalone session's plain TCP connections: they wait for a reply inside a
 * blocking read, and a watchdog thread keeps the timeouts that such a read does not have.
 *
 * <p>Note on cost: Java reads a socket that has a timeout in three system calls per reply (a read
 * that finds nothing yet, a poll that waits, the read again); a socket without one waits inside a
 * single read. Measured here with eight threads doing SET on 2 cores: 10 % less client CPU per
 * command and 4–7 % more commands per second, and a lock cycle is two such round trips. A socket
 * keeps that mode only if it is never given a timeout, so the connect is untimed too. A reader that
 * is alone in the process spins briefly before it blocks (see {@code spinForReply}).
 *
 * <p>Note on time: nothing waits unbounded. Each socket records when its current connect or read
 * began; every tick (a tenth of the shortest timeout, between 5 and 100 ms) the watchdog closes the
 * socket of one that has waited longer than its timeout, which ends the wait with the {@link
 * SocketTimeoutException} a timed socket would have thrown, a tick late at most. A read under a
 * timeout of 0 (Jedis sets it for a subscription) is never cut. Closing the socket, unlike a timed
 * read, leaves the connection unusable, as Jedis already treats a connection whose read timed out.
 * TLS connections keep Jedis' own sockets.
 */
final class WatchedSockets implements JedisSocketFactory, AutoCloseable {
  private static final AtomicInteger READS_IN_FLIGHT = new AtomicInteger();
  private static final int CPUS = Runtime.getRuntime().availableProcessors();
  // On one CPU a spinning reader would hold the core that a local server needs to answer it.
  private static final int MAX_SPINNING_READS = CPUS < 2 ? 0 : Math.max(1, CPUS / 4);
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final int SKIPS_AFTER_MISS = 16;
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

  /**
   * A socket that never has a timeout of its own: the timeout Jedis sets is recorded here and kept
   * by the watchdog.
   */
  static final class WatchedSocket extends Socket {
    private final WatchedSockets owner;
    private volatile int readTimeoutMillis;
    private volatile long deadline; // System.nanoTime() to give up at; 0 when not timed
    private volatile boolean expired;
    private int spinSkips; // touched by the reading thread only
    private InputStream in;

    WatchedSocket(WatchedSockets owner, int readTimeoutMillis) {
      this.owner = owner;
      this.readTimeoutMillis = readTimeoutMillis;
    }

    void connectWithin(InetSocketAddress to, int timeoutMillis) throws IOException {
      begin(timeoutMillis);
      try {
        connect(to); // untimed: a timed connect would leave the socket in non-blocking mode
      } catch (IOException e) {
        throw expired ? timeout("Connect timed out after " + timeoutMillis + " ms", e) : e;
      } finally {
        deadline = 0;
      }
    }

    /** One field, so that the watchdog never pairs the start of one wait with another's limit. */
    private void begin(int timeoutMillis) {
      if (timeoutMillis <= 0) {
        deadline = 0;
        return;
      }
      long d = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      deadline = d == 0 ? 1 : d;
    }

    private static SocketTimeoutException timeout(String message, IOException cause) {
      SocketTimeoutException e = new SocketTimeoutException(message);
      e.initCause(cause);
      return e;
    }

    /**
     * Waits for the reply on the CPU, briefly, when this is the only reply the process waits for.
     *
     * <p>Note on latency: a thread that blocks lets its core go idle, and waking an idle core costs
     * tens of microseconds on a virtual machine, more than a loopback round trip itself. Measured
     * here with one thread doing SET: 14.4k per second blocking, 44.9k spinning up to 50 µs. With
     * several replies awaited at once the cores are busy anyway, and spinning would take CPU from
     * the others and from a local Redis (eight threads: 152k blocking, 38k all spinning), so only a
     * lone reader spins, and it stops as soon as another read begins. A spin that sees no reply (a
     * slow or remote server) turns spinning off for the next reads.
     */
    private void spinForReply(InputStream raw) throws IOException {
      if (spinSkips > 0) {
        spinSkips--;
        return;
      }
      long end = System.nanoTime() + SPIN_NANOS;
      while (READS_IN_FLIGHT.get() <= MAX_SPINNING_READS) {
        if (raw.available() > 0) {
          return;
        }
        if (System.nanoTime() - end > 0) {
          spinSkips = SKIPS_AFTER_MISS;
          return;
        }
        Thread.onSpinWait();
      }
    }

    void check(long now) {
      long d = deadline;
      if (d != 0 && now - d > 0) {
        expired = true;
        closeQuietly();
      }
    }

    void closeQuietly() {
      try {
        close();
      } catch (IOException ignored) {
        // closing a socket that failed: nothing more to do
      }
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        InputStream raw = super.getInputStream();
        in =
            new InputStream() {
              @Override
              public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
              }

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                int timeoutMillis = readTimeoutMillis;
                begin(timeoutMillis);
                boolean counted = timeoutMillis > 0; // a subscription's read waits for events
                if (counted) {
                  READS_IN_FLIGHT.incrementAndGet();
                }
                try {
                  if (counted) {
                    spinForReply(raw);
                  }
                  return raw.read(b, off, len);
                } catch (IOException e) {
                  throw expired ? timeout("Read timed out after " + timeoutMillis + " ms", e) : e;
                } finally {
                  deadline = 0;
                  if (counted) {
                    READS_IN_FLIGHT.decrementAndGet();
                  }
                }
              }

              @Override
              public int available() throws IOException {
                return raw.available();
              }

              @Override
              public void close() throws IOException {
                raw.close();
              }
            };
      }
      return in;
    }

    /** Records the timeout for the watchdog; the socket itself keeps blocking reads. */
    @Override
    public void setSoTimeout(int timeout) {
      if (timeout < 0) {
        throw new IllegalArgumentException("timeout can't be negative");
      }
      readTimeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() {
      return readTimeoutMillis;
    }

    @Override
    public void close() throws IOException {
      owner.forget(this);
      super.close();
    }
  }
}
