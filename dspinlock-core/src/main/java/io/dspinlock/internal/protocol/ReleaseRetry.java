package io.dspinlock.internal.protocol;

import io.dspinlock.RedisRefusedException;
import io.dspinlock.RedisUnavailableException;
import io.dspinlock.internal.util.Log;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A release that failed because Redis did not answer, or refused to write, tried again in the
 * background: the key frees as soon as Redis answers again, not at the end of the lease. Retries
 * back off from 50 ms to 1 s and stop once the release lands, once it finds the key no longer ours,
 * or once the lease would have run out (the key has freed itself by then). A release of the same
 * lock object in the foreground ({@code close()} again) retries at once.
 */
final class ReleaseRetry implements Runnable {
  /** The longest wait between two retries; the first is 50 ms, each next one twice as long. */
  private static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(1);

  private long backoff = TimeUnit.MILLISECONDS.toNanos(50);
  private volatile boolean done;
  private final SessionCore session;
  private final LockProtocol protocol;
  private final LockHandle handle;
  private final long leaseEnd;

  /**
   * Prepares the retries of a release.
   *
   * @param session the session, for its timers
   * @param protocol the lock
   * @param leaseEnd when the key's lease runs out at the latest, on {@link System#nanoTime()}
   * @param handle told once the retries end, however they end
   */
  ReleaseRetry(SessionCore session, LockProtocol protocol, long leaseEnd, LockHandle handle) {
    this.session = session;
    this.protocol = protocol;
    this.leaseEnd = leaseEnd;
    this.handle = handle;
  }

  /** Schedules the next retry, or ends the retries when the lease will be over before it. */
  void schedule() {
    if (done || System.nanoTime() + backoff - leaseEnd >= 0) {
      finish();
      return;
    }
    try {
      session.threads().schedule(this, backoff, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException | io.dspinlock.DSpinlockException closed) {
      finish(); // the session is closing: the lease frees the key
    }
  }

  @Override
  public void run() {
    if (done) {
      return;
    }
    try {
      protocol.release();
      finish();
    } catch (RedisUnavailableException | RedisRefusedException stillFailing) {
      Log.debug("{} release retried: {}", protocol.key(), stillFailing.toString());
      backoff = Math.min(MAX_BACKOFF, backoff * 2);
      schedule();
    } catch (RuntimeException notOurs) {
      Log.debug("{} release retry ends: {}", protocol.key(), notOurs.toString());
      finish();
    }
  }

  /**
   * Retries at once, in the caller's thread.
   *
   * @throws RuntimeException what the release throws; the background retries go on after a failure
   *     to reach Redis
   */
  void now() {
    try {
      protocol.release();
      finish();
    } catch (RedisUnavailableException | RedisRefusedException stillFailing) {
      throw stillFailing;
    } catch (RuntimeException notOurs) {
      finish();
      throw notOurs;
    }
  }

  /** Stops the retries: the lock object was acquired again, or the release landed. */
  void cancel() {
    done = true;
  }

  private void finish() {
    if (!done) {
      done = true;
      handle.retried(this);
    }
  }
}
