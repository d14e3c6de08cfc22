package io.dspinlock.internal.connection;

import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * The connections of a standalone session: at most a fixed number, handed out per command and taken
 * back, most recently used first.
 *
 * <p>Why not Jedis' default pool (commons-pool2): it keeps timing statistics on every borrow and
 * return, and a lock cycle borrows twice; a semaphore and a lock-free stack do the same job for
 * less (docs/BENCHMARKS.md). A caller that finds every connection busy waits at most the command
 * timeout, never forever. Plain TCP connections wait for replies in blocking reads ({@link
 * WatchedSockets}).
 *
 * <p>A connection that timed out while the client was being built fails again at once, for one
 * command timeout after. Why: Jedis' constructor takes a connection to learn the protocol the
 * server speaks, and drops the failure when it gets none; the first command would then try again
 * straight away and wait as long, for the answer just had (a TLS handshake with a plain-TCP port, a
 * host that does not answer), and the caller would hear of it after twice the timeout. A failure
 * that did not wait, such as a refused connection, is not kept, since trying again costs nothing;
 * nor is any failure after the client was built.
 */
final class ConnectionSlots implements ConnectionProvider {
  private final HostAndPort address;
  private final JedisClientConfig config;
  private final WatchedSockets sockets; // null for TLS: Jedis makes those
  private final Semaphore permits;
  private final long waitNanos;
  private final ConcurrentLinkedDeque<Slot> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;
  private volatile boolean building = true;
  private volatile Kept kept; // null but for waitNanos after a timeout while building

  private record Kept(JedisConnectionException failure, long at) {}

  ConnectionSlots(HostAndPort address, JedisClientConfig config, int size, long waitNanos) {
    this.address = address;
    this.config = config;
    this.sockets =
        config.isSsl() || config.getSslOptions() != null
            ? null
            : new WatchedSockets(
                address, config.getConnectionTimeoutMillis(), config.getSocketTimeoutMillis());
    this.permits = new Semaphore(size);
    this.waitNanos = waitNanos;
  }

  /** A pooled connection: closing it returns it, unless it broke. */
  private final class Slot extends Connection {
    private long borrowedAt;

    Slot(WatchedSockets sockets) {
      super(sockets, config);
    }

    Slot() {
      super(address, config);
    }

    @Override
    public void close() {
      giveBack(this);
    }
  }

  /** Called once the client is built: later failures are the callers' own. */
  void built() {
    building = false;
  }

  @Override
  public Connection getConnection() {
    if (closed) {
      throw new JedisConnectionException("the session's connections are closed");
    }
    if (kept != null) {
      failAgainIfKept();
    }
    try {
      if (!permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
        throw new JedisConnectionException(
            "no free connection to " + address + " within " + waitNanos / 1_000_000 + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JedisConnectionException("interrupted while waiting for a connection", e);
    }
    Slot slot = idle.pollFirst();
    if (slot != null && !(slot.isConnected() && !slot.isBroken())) {
      quietlyDisconnect(slot);
      slot = null;
    }
    try {
      if (slot == null) {
        slot = sockets != null ? new Slot(sockets) : new Slot();
      }
    } catch (JedisConnectionException e) {
      permits.release();
      throw keepIfBuilding(e);
    } catch (RuntimeException | Error e) {
      permits.release();
      throw e;
    }
    slot.borrowedAt = System.nanoTime();
    return slot;
  }

  @Override
  public Connection getConnection(CommandArguments args) {
    return getConnection();
  }

  private void failAgainIfKept() {
    Kept k = kept;
    if (k == null) {
      return;
    }
    long age = System.nanoTime() - k.at();
    if (age >= waitNanos) {
      kept = null;
      return;
    }
    // The first failure's message, saying when, and its cause: a caller reads it as a timeout.
    throw new JedisConnectionException(
        k.failure().getMessage()
            + " (when the session first connected, "
            + TimeUnit.NANOSECONDS.toMillis(age)
            + " ms ago)",
        k.failure().getCause());
  }

  private JedisConnectionException keepIfBuilding(JedisConnectionException e) {
    if (building && causedBy(e, SocketTimeoutException.class)) {
      kept = new Kept(e, System.nanoTime());
    }
    return e;
  }

  /**
   * Tells whether a failure came from an exception of {@code type}: in its chain of causes, or
   * suppressed by one of them (Jedis 8 so reports the failures of a connect).
   */
  static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) { // a chain may loop
      if (type.isInstance(t)) {
        return true;
      }
      for (Throwable s : t.getSuppressed()) {
        if (type.isInstance(s)) {
          return true;
        }
      }
    }
    return false;
  }

  private void giveBack(Slot slot) {
    try {
      if (closed) {
        quietlyDisconnect(slot);
      } else if (slot.isBroken()) {
        quietlyDisconnect(slot);
        if (System.nanoTime() - slot.borrowedAt < waitNanos / 2) {
          // It broke at once: most often the server went away (a restart, a failover), and the
          // idle ones are broken too without knowing it yet. Drop them all, so that the caller's
          // retry, and everyone after, gets a fresh connection instead of the next stale one. A
          // connection that broke by timing out says nothing of the others: they stay.
          disconnectIdle();
        }
      } else {
        idle.offerFirst(slot);
        if (closed) {
          disconnectIdle(); // close() ran meanwhile and may have missed this one
        }
      }
    } finally {
      permits.release();
    }
  }

  private void disconnectIdle() {
    for (Slot slot; (slot = idle.pollFirst()) != null; ) {
      quietlyDisconnect(slot);
    }
  }

  /** Disconnects; a connection that fails to flush its last bytes while closing is gone anyway. */
  private static void quietlyDisconnect(Slot slot) {
    try {
      slot.disconnect();
    } catch (RuntimeException alreadyBroken) {
      // nothing to do: the socket is closed by disconnect() whatever happens
    }
  }

  @Override
  public Map<?, ?> getConnectionMap() {
    return Map.of(address, this);
  }

  @Override
  public void close() {
    closed = true;
    disconnectIdle();
    if (sockets != null) {
      sockets.close();
    }
  }
}
