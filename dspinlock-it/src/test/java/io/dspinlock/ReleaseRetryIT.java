package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.AcquireWorker;
import io.dspinlock.testing.Figures;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.RedisAdmin;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A release that Redis does not answer is not lost: the library retries it in the background, so
 * the key frees as soon as Redis answers again, not when its lease runs out.
 */
class ReleaseRetryIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  @Test
  void release_duringClientPause_landsWhenThePauseEnds_andAnotherProcessTakesTheKey() {
    HashDSpinlock held = redis.lock("paused-release").build().acquire();
    // Another process waits for the key with the default tries, trying again while Redis pauses.
    try (JvmProcess waiter =
        JvmProcess.start(AcquireWorker.class, Map.of(), redis.uri(), "paused-release")) {
      await("the waiter subscribed")
          .atMost(TestTimeouts.seconds(30))
          .until(() -> RedisAdmin.subscribers(redis, held.getKey()) == 1);
      long pausedAt;
      try (Jedis admin = RedisAdmin.admin(redis)) {
        admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", "3000", "WRITE");
        pausedAt = System.nanoTime();
      }
      assertThatThrownBy(held::close).isInstanceOf(RedisUnavailableException.class);
      assertThat(held.isHeld()).isFalse();
      await("the waiter holds the key")
          .atMost(TestTimeouts.seconds(20))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> waiter.output().contains("HOLDING"));
      Duration afterPause =
          Duration.ofNanos(System.nanoTime() - pausedAt).minus(Duration.ofMillis(3000));
      Figures.report(
          "another process holds the key after CLIENT PAUSE 3000 WRITE ends",
          afterPause.toMillis() + " ms");
      assertThat(afterPause).isLessThan(Duration.ofSeconds(1));
      held.close(); // nothing left to retry: a no-op
    }
  }
}
