package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.RedisServer;
import io.dspinlock.testing.AcquireWorker;
import io.dspinlock.testing.Figures;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.RawClient;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A server that may evict keys (maxmemory 2 MB, allkeys-lru) while a filler writes: a session
 * refuses to take locks on it, and one that accepts the risk is told of an evicted lock.
 */
class EvictionIT {
  private static RedisServer server;
  private static UnifiedJedis raw;

  @BeforeAll
  static void startAnEvictingServer() {
    server = RedisServer.start("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru");
    raw = RawClient.open(server.uri());
  }

  @AfterAll
  static void stop() {
    raw.close();
    server.close();
  }

  /** Fills memory from another thread while {@code work} runs, so that Redis keeps evicting. */
  private static void withFiller(Runnable work) throws InterruptedException {
    AtomicBoolean on = new AtomicBoolean(true);
    Thread filler =
        new Thread(
            () -> {
              String chunk = "x".repeat(16 * 1024);
              for (long n = 0; on.get(); n++) {
                try {
                  raw.set("filler:" + n, chunk);
                } catch (JedisException ignored) {
                  // a write refused while evicting: the next one goes on filling
                }
              }
            });
    filler.start();
    try {
      work.run();
    } finally {
      on.set(false);
      filler.join();
    }
  }

  /**
   * Takes a lock, then lets the filler make Redis evict until its key is gone (or its loss was
   * already told), and returns it.
   */
  private static HashDSpinlock heldUntilEvicted(
      RedisSession session, String name, Duration lease, List<String> lost)
      throws InterruptedException {
    HashDSpinlock held =
        HashDSpinlock.builder(name)
            .session(session)
            .leaseTime(lease)
            .onLockLost((lock, reason) -> lost.add(reason))
            .build()
            .acquire();
    withFiller(
        () ->
            await()
                .atMost(TestTimeouts.seconds(30))
                .until(() -> !raw.exists(held.getKey()) || !lost.isEmpty()));
    return held;
  }

  @Test
  void twoJvms_onAnEvictingServer_areRefusedAndNeverOverlap() throws Exception {
    withFiller(
        () -> {
          try (RedisSession session = RedisConnections.create(server.uri())) {
            assertThatThrownBy(() -> new HashDSpinlock("evicted", session).acquire())
                .isInstanceOf(UnsafeServerException.class)
                .hasMessageContaining("allkeys-lru")
                .hasMessageContaining("2097152")
                .hasMessageContaining("noeviction")
                .hasMessageContaining("acceptEvictingServer");
          }
          // Two service instances on the same key: each is refused at its first lock.
          List<JvmProcess> workers =
              List.of(
                  JvmProcess.start(AcquireWorker.class, Map.of(), server.uri(), "evicted"),
                  JvmProcess.start(AcquireWorker.class, Map.of(), server.uri(), "evicted"));
          for (JvmProcess w : workers) {
            assertThat(w.waitFor(TestTimeouts.seconds(60))).as(w.output()).isNotZero();
            assertThat(w.output()).contains("UnsafeServerException").doesNotContain("HOLDING");
            w.close();
          }
        });
  }

  @Test
  void accepted_anEvictedLock_isReportedLostWithinOneRenewal() throws Exception {
    List<String> lost = new CopyOnWriteArrayList<>();
    RedisParameters accepting =
        RedisParameters.fromUri(server.uri() + "?acceptEviction=true").toBuilder().build();
    try (RedisSession session = RedisConnections.create(accepting);
        RedisSession other = RedisConnections.create(accepting)) {
      Duration lease = Duration.ofSeconds(3);
      HashDSpinlock held = heldUntilEvicted(session, "accepted", lease, lost);
      // A second holder takes the key now that it is gone.
      long gone = System.nanoTime();
      try (HashDSpinlock second = HashDSpinlock.builder("accepted").session(other).build()) {
        second.tryAcquire(Duration.ZERO);
        await().atMost(lease).until(() -> !lost.isEmpty());
        Duration reported = Duration.ofNanos(System.nanoTime() - gone);
        Figures.report("evicted lock reported lost after (lease 3 s)", reported.toMillis() + " ms");
        assertThat(reported).isLessThanOrEqualTo(lease.dividedBy(3).plusMillis(500));
        assertThat(held.isHeld()).isFalse();
      }
    }
  }

  @Test
  void accepted_anEvictedLock_isReportedLostAtOnce_notAtItsNextRenewal() throws Exception {
    List<String> lost = new CopyOnWriteArrayList<>();
    RedisParameters accepting = RedisParameters.fromUri(server.uri() + "?acceptEviction=true");
    try (RedisSession session = RedisConnections.create(accepting)) {
      assertThat(session.evictionCheck().finding()).isEqualTo(EvictionCheck.Finding.ACCEPTED);
      // Renewed every 10 s.
      HashDSpinlock held = heldUntilEvicted(session, "accepted-long", Duration.ofSeconds(30), lost);
      long gone = System.nanoTime();
      await().atMost(Duration.ofSeconds(10)).until(() -> !lost.isEmpty());
      Duration reported = Duration.ofNanos(System.nanoTime() - gone);
      Figures.report("evicted lock reported lost after (lease 30 s)", reported.toMillis() + " ms");
      assertThat(reported).isLessThan(Duration.ofSeconds(2));
      assertThat(lost.get(0)).contains("gone");
      assertThat(held.isHeld()).isFalse();
    }
  }

  @Test
  void evictionCheck_namesTheFinding() {
    try (RedisSession refusing = RedisConnections.create(server.uri())) {
      EvictionCheck check = refusing.evictionCheck();
      assertThat(check.finding()).isEqualTo(EvictionCheck.Finding.REFUSED);
      assertThat(check.mayEvict()).isTrue();
      assertThat(check.maxmemoryPolicy()).contains("allkeys-lru");
      assertThat(check.maxmemory()).hasValue(2 * 1024 * 1024);
      assertThat(check.message()).contains("noeviction");
    }
  }

  @Test
  void wrappedClient_isCheckedToo_andTakesLocksWhenTheRiskIsAccepted() {
    try (RedisSession refusing = RedisSession.wrap(raw)) {
      assertThatThrownBy(() -> new HashDSpinlock("wrapped", refusing).acquire())
          .isInstanceOf(UnsafeServerException.class);
    }
    try (RedisSession accepting = RedisSession.wrap(raw, true);
        HashDSpinlock lock = new HashDSpinlock("wrapped", accepting).acquire()) {
      assertThat(lock.isHeld()).isTrue();
    }
  }
}
