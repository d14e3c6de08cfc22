package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.MutexFuzzer;
import io.dspinlock.testing.RedisAdmin;
import io.dspinlock.testing.StartGate;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The behaviour of a lock on a real redis-server: states, flags, tries, fencing. */
class LockBehaviourIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  @Test
  void acquire_freeKey_holdsItAsBlockedWithOurTag() {
    try (HashDSpinlock lock = new HashDSpinlock("example", redis.session()).acquire()) {
      assertThat(lock.isHeld()).isTrue();
      assertThat(lock.isComputed()).isFalse();
      assertThat(lock.getKey())
          .isEqualTo("dspinlock,50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c");
      UnpackedValue v = UnpackedValue.parse(redis.client().get(lock.getKey()));
      assertThat(v.state()).isEqualTo(LockState.BLOCKED);
      assertThat(v.timestamp())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
      assertThat(redis.client().pttl(lock.getKey())).isPositive();
    }
  }

  @Test
  void close_heldLock_turnsKeyComputedWithExpiry() {
    HashDSpinlock lock = new HashDSpinlock("example", redis.session()).acquire();
    String tag = UnpackedValue.parse(redis.client().get(lock.getKey())).tag();
    lock.close();
    assertThat(lock.isHeld()).isFalse();
    assertThat(redis.client().get(lock.getKey())).isEqualTo(tag + ",1");
    long ttl = redis.client().pttl(lock.getKey());
    assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).toMillis());
    lock.close(); // idempotent
    assertThat(redis.client().get(lock.getKey())).isEqualTo(tag + ",1");
  }

  /** Two tasks on the same key at once both run, one after the other. */
  @Test
  void acquire_twoTasksAtOnce_bothRunOneAfterTheOther() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    List<StartGate.Outcome<Instant[]>> outcomes =
        StartGate.run(
            2,
            TestTimeouts.seconds(30),
            i -> {
              try (HashDSpinlock lock = redis.lock("two-tasks").build()) {
                lock.acquire();
                Instant start = Instant.now();
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                Thread.sleep(200); // the task's work
                inside.decrementAndGet();
                return new Instant[] {start, Instant.now()};
              }
            });
    assertThat(outcomes).allMatch(StartGate.Outcome::succeeded);
    assertThat(maxInside.get()).isEqualTo(1);
    Instant[] a = outcomes.get(0).value();
    Instant[] b = outcomes.get(1).value();
    assertThat(a[1].isBefore(b[0]) || b[1].isBefore(a[0]))
        .as("intervals %s-%s and %s-%s do not overlap", a[0], a[1], b[0], b[1])
        .isTrue();
  }

  @Test
  void acquire_eightThreadsFuzzed_countsExactlyWithoutOverlap() throws Exception {
    MutexFuzzer.Result r =
        new MutexFuzzer()
            .run(
                8,
                50,
                () ->
                    redis
                        .lock("fuzz")
                        .maxSpinlockTries(10_000)
                        .spinlockSleepThresh(Duration.ofMillis(50))
                        .build()
                        .acquire(),
                MutexFuzzer.oneMillisecond(),
                TestTimeouts.seconds(60));
    assertThat(r.firstFailure()).isNull();
    assertThat(r.overlaps()).isZero();
    assertThat(r.counted()).isEqualTo(r.expected()).isEqualTo(400);
  }

  /** With failIfKeyExists, of two concurrent tasks exactly one fails. */
  @Test
  void acquire_failIfKeyExistsTwoTasksAtOnce_exactlyOneFails() throws Exception {
    CountDownLatch loserDone = new CountDownLatch(1);
    List<StartGate.Outcome<Boolean>> outcomes =
        StartGate.run(
            2,
            TestTimeouts.seconds(30),
            i -> {
              HashDSpinlock lock =
                  HashDSpinlock.builder("fail-if-exists")
                      .session(redis.session())
                      .failIfKeyExists(true)
                      .build();
              try {
                lock.acquire();
              } catch (FailIfKeyExistsIsEnabledException e) {
                loserDone.countDown();
                throw e;
              }
              try (lock) {
                // Hold until the other task has tried, so that the two really overlap in time.
                return loserDone.await(TestTimeouts.seconds(20).toMillis(), TimeUnit.MILLISECONDS);
              }
            });
    assertThat(outcomes.stream().filter(StartGate.Outcome::succeeded)).hasSize(1);
    assertThat(outcomes.stream().filter(StartGate.Outcome::succeeded).findFirst().get().value())
        .as("the winner saw the loser fail while it held the lock")
        .isTrue();
    assertThat(outcomes.stream().filter(o -> !o.succeeded()))
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.failure())
                    .isInstanceOf(FailIfKeyExistsIsEnabledException.class)
                    .hasMessageContaining("dspinlock,")
                    .hasMessageContaining("BLOCKED"));
  }

  @Test
  void acquire_failIfKeyExistsOnComputedKey_fails() {
    new HashDSpinlock("done", redis.session()).acquire().close();
    HashDSpinlock second =
        HashDSpinlock.builder("done").session(redis.session()).failIfKeyExists(true).build();
    assertThatThrownBy(second::acquire)
        .isInstanceOf(FailIfKeyExistsIsEnabledException.class)
        .hasMessageContaining("COMPUTED");
  }

  /** Cached-if-computed returns at once, and the key went BLOCKED exactly once. */
  @Test
  void acquire_cachedIfComputedAfterFirstTask_returnsAtOnceWithoutBlocking() {
    String fence = "{" + new HashDSpinlock("cached").getKey() + "}:fence";
    HashDSpinlock first =
        HashDSpinlock.builder("cached").session(redis.session()).cachedIfComputed(true).build();
    try (first) {
      first.acquire();
      assertThat(first.isComputed()).isFalse();
      assertThat(first.isHeld()).isTrue();
    }
    String afterFirst = redis.client().get(fence);
    assertThat(afterFirst).isEqualTo(Long.toString(first.fencingToken()));
    String computedValue = redis.client().get(first.getKey());

    HashDSpinlock second =
        HashDSpinlock.builder("cached")
            .options(redis.options().cachedIfComputed(true).build())
            .spinlockSleepThresh(Duration.ofSeconds(60))
            .build();
    assertTimeoutPreemptively(
        TestTimeouts.seconds(20),
        () -> {
          try (HashDSpinlock held = second.acquire()) {
            assertThat(held.isComputed()).isTrue();
            assertThat(held.isHeld()).isFalse();
          }
        });
    assertThat(redis.client().get(fence)).as("no second BLOCKED").isEqualTo(afterFirst);
    assertThat(redis.client().get(first.getKey())).isEqualTo(computedValue);
    assertThatThrownBy(second::fencingToken).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void acquire_computedKeyWithoutCachedFlag_takesItAgain() {
    HashDSpinlock first = new HashDSpinlock("again", redis.session()).acquire();
    first.close();
    try (HashDSpinlock second = new HashDSpinlock("again", redis.session()).acquire()) {
      assertThat(second.isHeld()).isTrue();
      assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
    }
  }

  /** A foreign BLOCKED value of the current time makes acquire fail after its tries. */
  @Test
  void acquire_defaultTunables_triesTenTimes() {
    HashDSpinlock lock = new HashDSpinlock("busy-default", redis.session());
    redis
        .client()
        .set(lock.getKey(), ForeignValuesIT.foreignValue(Instant.now(), LockState.BLOCKED));
    assertTimeoutPreemptively(
        TestTimeouts.seconds(30),
        () ->
            assertThatThrownBy(lock::acquire)
                .isInstanceOfSatisfying(
                    SpinlockTriesExceededException.class,
                    e -> assertThat(e.tries()).isEqualTo(10)));
  }

  /** A value with four fields is refused, and left as it was. */
  @Test
  void deleteAtomicQueryMutexState_afterUse_trueThenFalse() {
    HashDSpinlock lock = new HashDSpinlock("delete-me", redis.session());
    lock.acquire().close();
    assertThat(lock.deleteAtomicQueryMutexState()).isTrue();
    assertThat(redis.client().exists(lock.getKey())).isFalse();
    assertThat(lock.deleteAtomicQueryMutexState()).isFalse();
  }

  @Test
  void deleteAtomicQueryMutexState_whileHeld_deletesAndReleasesLocally() {
    HashDSpinlock lock = new HashDSpinlock("held-delete", redis.session()).acquire();
    assertThat(lock.deleteAtomicQueryMutexState()).isTrue();
    assertThat(lock.isHeld()).isFalse();
    lock.close(); // nothing left to release
    assertThat(redis.client().exists(lock.getKey())).isFalse();
  }

  /** A foreign BLOCKED value without a lease, older than maxBlockTime, is taken. */
  @Test
  void acquire_sameObjectTwice_isReentrantAndOnlyLastCloseReleases() {
    HashDSpinlock lock = new HashDSpinlock("reentrant", redis.session());
    lock.acquire();
    long token = lock.fencingToken();
    lock.acquire();
    assertThat(lock.fencingToken()).isEqualTo(token);
    lock.close();
    assertThat(lock.isHeld()).isTrue();
    assertThat(redis.client().get(lock.getKey())).endsWith(",0");
    lock.close();
    assertThat(lock.isHeld()).isFalse();
    assertThat(redis.client().get(lock.getKey())).endsWith(",1");
  }

  @Test
  void close_keyTakenByAnotherMeanwhile_throwsAndLeavesTheirKey() {
    HashDSpinlock lock = new HashDSpinlock("stolen", redis.session()).acquire();
    String foreign = ForeignValuesIT.foreignValue(Instant.now(), LockState.BLOCKED);
    redis.client().set(lock.getKey(), foreign);
    assertThatThrownBy(lock::close)
        .isInstanceOf(InvalidMutexReleaseEncounteredException.class)
        .hasMessageContaining("not ours")
        .hasMessageContaining(ForeignValuesIT.FOREIGN_UUID);
    assertThat(redis.client().get(lock.getKey())).isEqualTo(foreign);
  }

  @Test
  void close_keyGone_throwsSayingSo() {
    HashDSpinlock lock = new HashDSpinlock("gone", redis.session()).acquire();
    redis.client().del(lock.getKey());
    assertThatThrownBy(lock::close)
        .isInstanceOf(InvalidMutexReleaseEncounteredException.class)
        .hasMessageContaining("gone");
    assertThat(redis.client().exists(lock.getKey())).isFalse();
  }

  @Test
  void fencingToken_successiveHoldersAcrossLocks_growStrictly() {
    long previous = 0;
    for (int i = 0; i < 20; i++) {
      try (HashDSpinlock lock = new HashDSpinlock("fenced", redis.session()).acquire()) {
        assertThat(lock.fencingToken()).isGreaterThan(previous);
        previous = lock.fencingToken();
      }
    }
  }

  @Test
  void acquire_keyedByOtherTypes_usesTheirStableUids() {
    try (HashDSpinlock lock = new HashDSpinlock(-1, redis.session()).acquire()) {
      assertThat(lock.getKey()).isEqualTo("dspinlock,-2");
    }
    try (HashDSpinlock lock = new HashDSpinlock(true, redis.session()).acquire()) {
      assertThat(lock.getKey()).isEqualTo("dspinlock,1");
    }
  }

  @Test
  void locksFromEqualParameters_shareOneSession() {
    long before = RedisAdmin.connectedClients(redis);
    for (int i = 0; i < 50; i++) {
      new HashDSpinlock("shared-" + i, RedisParameters.fromUri(redis.uri())).acquire().close();
    }
    long after = RedisAdmin.connectedClients(redis);
    // Sequential use of one shared session needs one pooled connection, not fifty.
    assertThat(after - before).isBetween(1L, 2L);
  }
}
