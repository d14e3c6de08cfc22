package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.Figures;
import io.dspinlock.testing.RedisAdmin;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The sessions shared by parameters are closed, connections and threads, once their lock objects
 * are unreachable, and never under a held lock.
 */
class SharedSessionsIT {
  private static final int SESSIONS = 300;

  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  @Test
  void sessionsOfParameters_areClosedOnceTheirLocksAreUnreachable() {
    int threadsBefore = threads();
    int fdsBefore = fileDescriptors();

    for (int i = 0; i < SESSIONS; i++) {
      new HashDSpinlock("shared-" + i, parameters("dsl-shared-" + i)).acquire().close();
    }
    assertThat(connectionsNamed("dsl-shared-")).isEqualTo(SESSIONS);
    int fdsPeak = fileDescriptors();
    int threadsPeak = threads();
    assertThat(fdsPeak).isGreaterThanOrEqualTo(fdsBefore + SESSIONS);
    long unreachableAt = System.nanoTime();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              System.gc();
              assertThat(connectionsNamed("dsl-shared-")).isZero();
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(fileDescriptors()).isLessThanOrEqualTo(fdsBefore + 10);
              assertThat(threads()).isLessThanOrEqualTo(threadsBefore + 10);
            });

    Figures.report(
        "300 parameters' sessions: file descriptors / threads before, with them, after",
        fdsBefore
            + "/"
            + threadsBefore
            + ", "
            + fdsPeak
            + "/"
            + threadsPeak
            + ", "
            + fileDescriptors()
            + "/"
            + threads()
            + ", all closed "
            + Duration.ofNanos(System.nanoTime() - unreachableAt).toMillis()
            + " ms after their locks were dropped");

    // Parameters whose session was retired get a new one.
    new HashDSpinlock("shared-again", parameters("dsl-shared-0")).acquire().close();
  }

  @Test
  void heldLock_dropped_keepsItsSessionAndItsLease() {
    WeakReference<HashDSpinlock> dropped = acquiredAndDropped();
    String key = dropped.get().getKey();

    // Well past the sessions' idle time and many 1 s leases: still held and renewed.
    await()
        .during(DefaultSessions.IDLE.plusSeconds(2))
        .atMost(DefaultSessions.IDLE.plusSeconds(4))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              System.gc();
              return redis.session().inspect(key).status() == LockInfo.Status.BLOCKED
                  && connectionsNamed("dsl-held") > 0;
            });

    HashDSpinlock lock = dropped.get();
    assertThat(lock).isNotNull();
    assertThat(lock.isHeld()).isTrue();
    lock.close();
    assertThat(redis.session().inspect(key).status()).isEqualTo(LockInfo.Status.COMPUTED);
  }

  private static WeakReference<HashDSpinlock> acquiredAndDropped() {
    HashDSpinlock lock =
        HashDSpinlock.builder("held-and-dropped")
            .redisParameters(parameters("dsl-held"))
            .leaseTime(Duration.ofSeconds(1))
            .build();
    lock.acquire();
    return new WeakReference<>(lock);
  }

  private static RedisParameters parameters(String clientName) {
    return RedisParameters.fromUri(redis.uri()).toBuilder().clientName(clientName).build();
  }

  private static long connectionsNamed(String prefix) {
    try (Jedis admin = RedisAdmin.admin(redis)) {
      return Arrays.stream(admin.clientList().split("\n"))
          .filter(line -> line.contains(" name=" + prefix))
          .count();
    }
  }

  private static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static int fileDescriptors() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? 0 : fds.length;
  }
}
