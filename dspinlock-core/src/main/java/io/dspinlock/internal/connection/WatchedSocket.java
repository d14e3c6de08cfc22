package io.dspinlock.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket that never has a timeout of its own: the timeout Jedis sets is recorded here and kept by
 * the watchdog.
 */
final class WatchedSocket extends Socket {
  private static final AtomicInteger READS_IN_FLIGHT = new AtomicInteger();
  // Set by a thread around a command that waits on the server (BLPOP): its read is not a reply
  // awaited within a round trip, so it neither spins nor keeps the other readers from spinning.
  private static final ThreadLocal<Boolean> WAITING_ON_SERVER =
      ThreadLocal.withInitial(() -> false);
  private static final int CPUS = Runtime.getRuntime().availableProcessors();
  // On one CPU a spinning reader would hold the core that a local server needs to answer it.
  private static final int MAX_SPINNING_READS = CPUS < 2 ? 0 : Math.max(1, CPUS / 4);
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final int SKIPS_AFTER_MISS = 16;

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
   * Waits for the reply on the CPU, briefly, when this is the only reply the process waits for: a
   * thread that blocks lets its core go idle, and waking an idle core of a virtual machine can cost
   * more than a loopback round trip. Several readers at once keep the cores busy anyway, and
   * spinning would take CPU from the others and from a local Redis, so only a lone reader spins,
   * and it stops as soon as another read begins. A spin that sees no reply (a slow or remote
   * server) turns spinning off for the next reads.
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

  /**
   * Runs a command that waits on the server, such as BLPOP, on a connection of this thread: its
   * reply is not awaited by spinning, and it is not counted among the replies awaited so.
   *
   * @param command the command
   * @return what it returned
   * @param <T> its result
   */
  static <T> T waitingOnServer(java.util.function.Supplier<T> command) {
    WAITING_ON_SERVER.set(true);
    try {
      return command.get();
    } finally {
      WAITING_ON_SERVER.set(false);
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
              // A subscription's read waits for events, and so does a BLPOP's.
              boolean counted = timeoutMillis > 0 && !WAITING_ON_SERVER.get();
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
