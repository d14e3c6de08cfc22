package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.test.RedisServer;
import io.dspinlock.testing.Figures;
import io.dspinlock.testing.StartGate;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * redis-server killed with SIGKILL and restarted while a lock is held and others wait: every caller
 * ends, by success or by a clear exception, within its bounds; tokens keep growing.
 */
class RedisRestartIT {
  private static final int WAITERS = 4;

  /** What a restart run saw. */
  private record Run(
      long tokenBefore, long tokenAfter, long succeeded, long failed, String holderRelease) {}

  private Run restartWhileHeld(RedisServer server) throws Exception {
    try (RedisSession session = RedisConnections.create(server.uri())) {
      LockOptions o = LockOptions.builder().session(session).build();
      HashDSpinlock holder =
          HashDSpinlock.builder("restart")
              .options(o)
              .leaseTime(Duration.ofSeconds(2))
              .build()
              .acquire();
      long before = holder.fencingToken();
      CountDownLatch waiting = new CountDownLatch(WAITERS);
      String[] holderRelease = {"not run"};
      Thread restarter =
          new Thread(
              () -> {
                try {
                  waiting.await(30, TimeUnit.SECONDS);
                  server.kill();
                  server.restart();
                  // The holder finishes its work after the restart and releases, if it still can.
                  holder.close();
                  holderRelease[0] = "released";
                } catch (DSpinlockException lostOrGone) {
                  holderRelease[0] = lostOrGone.getClass().getSimpleName();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      restarter.start();
      List<StartGate.Outcome<Long>> outcomes =
          StartGate.run(
              WAITERS,
              TestTimeouts.seconds(60),
              i -> {
                HashDSpinlock w =
                    HashDSpinlock.builder("restart")
                        .options(o)
                        .maxSpinlockTries(40)
                        .spinlockSleepThresh(Duration.ofMillis(250))
                        .build();
                waiting.countDown();
                // Retry on a refused connection: a real caller's policy during a restart.
                for (long end = System.nanoTime() + TestTimeouts.seconds(20).toNanos(); ; ) {
                  try (HashDSpinlock held = w.acquire()) {
                    return held.fencingToken();
                  } catch (RedisUnavailableException down) {
                    if (System.nanoTime() > end) {
                      throw down;
                    }
                    Thread.sleep(100); // back off while the server is down
                  }
                }
              });
      restarter.join(TestTimeouts.seconds(30).toMillis());
      long after =
          outcomes.stream()
              .filter(StartGate.Outcome::succeeded)
              .mapToLong(StartGate.Outcome::value)
              .max()
              .orElse(0);
      outcomes.stream()
          .filter(x -> !x.succeeded())
          .forEach(x -> assertThat(x.failure()).isInstanceOf(DSpinlockException.class));
      long ok = outcomes.stream().filter(StartGate.Outcome::succeeded).count();
      return new Run(before, after, ok, WAITERS - ok, holderRelease[0]);
    }
  }

  @Test
  void restartWithAof_everyCallerEndsAndTokensKeepGrowing() throws Exception {
    try (RedisServer server = RedisServer.start("--appendonly", "yes", "--appendfsync", "always")) {
      Run run = restartWhileHeld(server);
      Figures.report(
          "redis restart with AOF: waiters succeeded/failed, holder",
          run.succeeded() + "/" + run.failed() + ", " + run.holderRelease());
      // With AOF the holder's key survives the restart, so the holder releases it normally.
      assertThat(run.holderRelease()).isEqualTo("released");
      assertThat(run.succeeded()).isEqualTo(WAITERS);
      assertThat(run.tokenAfter()).isGreaterThan(run.tokenBefore());
    }
  }

  @Test
  void restartWithoutPersistence_tokensStillGrowFromTheServerClock() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      Run run = restartWhileHeld(server);
      Figures.report(
          "redis restart without persistence: waiters succeeded/failed, holder",
          run.succeeded() + "/" + run.failed() + ", " + run.holderRelease());
      // Without persistence the key is gone: the holder learns it at release, with a clear error.
      assertThat(run.holderRelease()).isIn("InvalidMutexReleaseEncounteredException");
      assertThat(run.succeeded()).isEqualTo(WAITERS);
      // The counter is gone with the data; a new one starts from the server's clock in µs.
      assertThat(run.tokenAfter()).isGreaterThan(run.tokenBefore());
    }
  }
}
