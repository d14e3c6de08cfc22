package io.dspinlock.testing;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import io.dspinlock.SpinlockTriesExceededException;
import java.time.Duration;

/**
 * A JVM that uses a lock with every logger at DEBUG, for the logging test: acquires and releases,
 * waits for a busy key until its tries run out, and prints {@code PROBE DONE}.
 *
 * <p>Arguments: a redis URI (with a password, which must never show up in the output).
 */
public final class LoggingProbe {
  private LoggingProbe() {}

  /**
   * Runs the probe.
   *
   * @param args the redis URI
   */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    try (RedisSession session = RedisConnections.create(args[0])) {
      io.dspinlock.LockOptions options =
          io.dspinlock.LockOptions.builder().session(session).build();
      try (HashDSpinlock held = HashDSpinlock.builder("probe").options(options).build().acquire()) {
        try {
          HashDSpinlock.builder("probe")
              .options(options)
              .maxSpinlockTries(2)
              .spinlockSleepThresh(Duration.ofMillis(10))
              .build()
              .acquire();
        } catch (SpinlockTriesExceededException expected) {
          System.out.println("PROBE tries exceeded as expected");
        }
      }
    }
    System.out.println("PROBE DONE");
  }
}
