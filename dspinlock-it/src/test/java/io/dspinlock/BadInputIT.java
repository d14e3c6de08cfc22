package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.test.RedisServer;
import io.dspinlock.testing.TestTimeouts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input gets a clear exception and leaves Redis untouched. */
class BadInputIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  @AfterEach
  void redisUntouched() {
    // Nothing a failed call could have written is left: no lock key, no fencing counter.
    assertThat(redis.client().dbSize()).isZero();
  }

  @Test
  void constructor_nullKey_throwsNullPointerNamingIt() {
    assertThatThrownBy(() -> new HashDSpinlock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("must not be null");
    assertThatThrownBy(() -> HashDSpinlock.builder(null).build())
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void constructor_objectWithoutStableEncoding_throwsNotHashable() {
    assertThatThrownBy(() -> new HashDSpinlock(new Object(), redis.session()))
        .isInstanceOf(ProvidedObjectIsNotHashableException.class)
        .hasMessageContaining("StableKey");
    assertThat(redis.client().dbSize()).isZero();
  }

  @Test
  void constructor_subclassWhoseGetUidReturnsNullOrEmpty_throwsNotHashable() {
    assertThatThrownBy(
            () ->
                new HashDSpinlock("k", redis.session()) {
                  @Override
                  protected String getUid(Object obj) {
                    return null;
                  }
                })
        .isInstanceOf(ProvidedObjectIsNotHashableException.class)
        .hasMessageContaining("getUid() returned null");
    assertThatThrownBy(
            () ->
                new HashDSpinlock("k", redis.session()) {
                  @Override
                  protected String getUid(Object obj) {
                    return "";
                  }
                })
        .isInstanceOf(ProvidedObjectIsNotHashableException.class)
        .hasMessageContaining("getUid() returned an empty uid");
    assertThat(redis.client().dbSize()).isZero();
  }

  @Test
  void acquire_listAtKey_throwsWrongTypeAndLeavesTheList() {
    HashDSpinlock lock = new HashDSpinlock("list", redis.session());
    redis.client().rpush(lock.getKey(), "a", "b");
    assertThatThrownBy(lock::acquire)
        .isInstanceOf(AtomicQueryInvalidStateException.class)
        .hasMessageContaining("list")
        .hasMessageContaining(lock.getKey());
    assertThat(redis.client().lrange(lock.getKey(), 0, -1)).containsExactly("a", "b");
    assertThat(redis.client().dbSize()).isEqualTo(1);
    redis.client().del(lock.getKey());
  }

  @Test
  void clusterUri_onAServerThatIsNoCluster_saysSo() {
    String uri = "redis-cluster://127.0.0.1:" + redis.server().port();
    assertThatThrownBy(() -> RedisConnections.create(uri).close())
        .isInstanceOf(DSpinlockException.class)
        .hasMessageContaining("refused CLUSTER SLOTS")
        .hasMessageContaining("cluster support disabled");
  }

  @Test
  void options_sessionAndParameters_throwsIllegalArgument() {
    assertThatThrownBy(
            () ->
                HashDSpinlock.builder("x")
                    .session(redis.session())
                    .redisParameters(RedisParameters.defaults())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void acquire_connectionRefused_failsWithinConnectTimeout() throws Exception {
    int closedPort = RedisServer.freePort();
    RedisParameters params =
        RedisParameters.builder()
            .redisHost("127.0.0.1")
            .port(closedPort)
            .socketConnectTimeout(Duration.ofMillis(500))
            .build();
    try (RedisSession session = RedisConnections.create(params)) {
      HashDSpinlock lock = new HashDSpinlock("refused", session);
      assertTimeoutPreemptively(
          TestTimeouts.seconds(5),
          () ->
              assertThatThrownBy(lock::acquire)
                  .isInstanceOf(RedisUnavailableException.class)
                  .hasMessageContaining("127.0.0.1:" + closedPort)
                  .hasMessageContaining(lock.getKey()));
    }
  }

  @Test
  void acquire_serverThatNeverAnswers_failsWithinCommandTimeout() throws Exception {
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      RedisParameters params =
          RedisParameters.builder()
              .redisHost("127.0.0.1")
              .port(blackHole.getLocalPort())
              .commandTimeout(Duration.ofMillis(300))
              .password("topsecret")
              .build();
      try (RedisSession session = RedisConnections.create(params)) {
        HashDSpinlock lock = new HashDSpinlock("silent", session);
        assertTimeoutPreemptively(
            TestTimeouts.seconds(5),
            () ->
                assertThatThrownBy(lock::acquire)
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageNotContaining("topsecret"));
      }
    }
  }

  @Test
  void acquire_closedSession_throwsNotInitialized() {
    RedisSession session = RedisConnections.create(redis.uri());
    session.close();
    assertThat(session.isClosed()).isTrue();
    assertThatThrownBy(() -> new HashDSpinlock("closed", session).acquire())
        .isInstanceOf(RedisNotInitializedException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void acquire_overridesOutOfRange_throwsNamingTheMethod() {
    assertThatThrownBy(
            () ->
                new HashDSpinlock("t", redis.session()) {
                  @Override
                  protected int maxSpinlockTries() {
                    return 0;
                  }
                }.acquire())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxSpinlockTries()");
    assertThatThrownBy(
            () ->
                new HashDSpinlock("t", redis.session()) {
                  @Override
                  protected Duration spinlockSleepThresh() {
                    return Duration.ZERO;
                  }
                }.acquire())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("spinlockSleepThresh()");
    assertThatThrownBy(
            () ->
                new HashDSpinlock("t", redis.session()) {
                  @Override
                  protected Duration maxBlockTime() {
                    return Duration.ofSeconds(-1);
                  }
                }.acquire())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxBlockTime()");
    assertThatThrownBy(
            () ->
                new HashDSpinlock("t", redis.session()) {
                  @Override
                  protected Duration expireAtTimedelta() {
                    return Duration.ZERO;
                  }
                }.acquire())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expireAtTimedelta()");
    assertThat(redis.client().dbSize()).isZero();
  }

  @Test
  void builder_tunablesOutOfRange_throwNamingTheOption() {
    assertThatThrownBy(() -> redis.lock("t").maxSpinlockTries(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSpinlockTries");
    assertThatThrownBy(() -> redis.lock("t").spinlockSleepThresh(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spinlockSleepThresh");
    assertThatThrownBy(() -> redis.lock("t").maxBlockTime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBlockTime");
    assertThatThrownBy(() -> redis.lock("t").leaseTime(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaseTime");
    assertThatThrownBy(() -> redis.lock("t").expireAtTimedelta(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("expireAtTimedelta");
  }

  @Test
  void constructor_nullSessionOrParameters_throwsNullPointerNamingIt() {
    assertThatThrownBy(() -> new HashDSpinlock("k", (RedisSession) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("session");
    assertThatThrownBy(() -> new HashDSpinlock("k", (RedisParameters) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("redisParameters");
    assertThatThrownBy(() -> new HashDSpinlock("k", (LockOptions) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("options");
  }

  @Test
  void options_durationsRedisCannotStore_areRefusedNamingTheLargest() {
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    for (String option : new String[] {"leaseTime", "maxBlockTime", "expireAtTimedelta"}) {
      assertThatThrownBy(
              () -> {
                LockOptionsBuilder<LockOptions> b = LockOptions.builder();
                switch (option) {
                  case "leaseTime":
                    b.leaseTime(huge);
                    break;
                  case "maxBlockTime":
                    b.maxBlockTime(Duration.ofDays(300 * 365 * 1000L));
                    break;
                  default:
                    b.expireAtTimedelta(ChronoUnit.FOREVER.getDuration());
                }
              })
          .as(option)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(option)
          .hasMessageContaining("at most");
    }
    assertThatThrownBy(
            () ->
                redis.session().computeOnce("ttl", huge, ResultCodec.utf8(), () -> "never stored"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl")
        .hasMessageContaining("at most");
  }

  @Test
  void acquire_tagWithoutTwoFields_throwsNamingGetTag() {
    HashDSpinlock lock =
        new HashDSpinlock("bad-tag", redis.session()) {
          @Override
          protected String getTag() {
            return "a,b,c";
          }
        };
    assertThatThrownBy(lock::acquire)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("getTag()");
    assertThat(redis.client().dbSize()).isZero();
  }

  @Test
  void fromUri_environmentVariableUnusable_isReportedByName() {
    assertThatThrownBy(() -> RedisConnections.create("redis://h:notaport"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }
}
