package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.RedisAdmin;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The library as an ACL user allowed only its commands, keys and channels. */
class AclIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static final String PASSWORD = "s3cret-locker";

  /** What the library needs, and nothing else. */
  static final String[] LOCKER_RULES = {
    "on",
    ">" + PASSWORD,
    "resetkeys",
    "~dspinlock,*",
    "~{dspinlock,*",
    "resetchannels",
    "&dspinlock,*",
    "&{dspinlock,*",
    "&dspinlock:session:*",
    "-@all",
    "+evalsha",
    "+eval",
    "+get",
    "+set",
    "+psetex",
    "+setrange",
    "+incr",
    "+incrby",
    "+pexpire",
    "+pttl",
    "+time",
    "+type",
    "+del",
    "+exists",
    "+zadd",
    "+zrange",
    "+zrem",
    "+hset",
    "+hget",
    "+hdel",
    "+rpush",
    "+blpop",
    "+publish",
    "+pubsub|numsub",
    "+subscribe",
    "+unsubscribe",
    "+ping",
    "+scan"
  };

  @BeforeEach
  void users() {
    try (redis.clients.jedis.Jedis admin = RedisAdmin.admin(redis)) {
      admin.aclSetUser("locker", LOCKER_RULES);
      admin.aclSetUser(
          "no-scripts", "on", ">" + PASSWORD, "~*", "&*", "+@all", "-evalsha", "-eval");
      admin.aclSetUser("other-keys", "on", ">" + PASSWORD, "resetkeys", "~app:*", "&*", "+@all");
    }
  }

  private RedisSession as(String user) {
    return RedisConnections.create(
        RedisParameters.fromUri(redis.uri()).toBuilder().username(user).password(PASSWORD).build());
  }

  @Test
  void restrictedUser_locksReleasesAndIsNotified() throws Exception {
    try (RedisSession locker = as("locker");
        RedisSession other = as("locker")) {
      HashDSpinlock held = new HashDSpinlock("acl", locker).acquire();
      CompletableFuture<Boolean> waiter =
          CompletableFuture.supplyAsync(
              () -> {
                try (HashDSpinlock w =
                    HashDSpinlock.builder("acl")
                        .options(LockOptions.builder().session(other).build())
                        .spinlockSleepThresh(Duration.ofSeconds(60))
                        .maxSpinlockTries(3)
                        .build()
                        .acquire()) {
                  return w.isHeld();
                }
              });
      org.awaitility.Awaitility.await()
          .atMost(TestTimeouts.seconds(10))
          .until(
              () ->
                  RedisAdmin.subscribers(
                          redis, io.dspinlock.internal.wire.LockKeys.channel(held.getKey()))
                      == 1);
      held.close();
      assertThat(assertTimeoutPreemptively(TestTimeouts.seconds(10), () -> waiter.get())).isTrue();
      assertThat(locker.inspect(held.getKey()).status()).isEqualTo(LockInfo.Status.COMPUTED);
      assertThat(new HashDSpinlock("acl", locker).deleteAtomicQueryMutexState()).isTrue();
      assertThat(locker.keys("dspinlock,*", 10)).isEmpty();
    }
  }

  @Test
  void userSetUpBeforeInboxes_withoutRpushAndBlpop_isStillGrantedTheKey_byMessage()
      throws Exception {
    try (redis.clients.jedis.Jedis admin = RedisAdmin.admin(redis)) {
      admin.aclSetUser(
          "older-locker",
          java.util.Arrays.stream(LOCKER_RULES)
              .filter(r -> !r.equals("+rpush") && !r.equals("+blpop"))
              .toArray(String[]::new));
    }
    try (RedisSession holder = as("older-locker");
        RedisSession other = as("older-locker")) {
      HashDSpinlock held = new HashDSpinlock("acl-older", holder).acquire();
      CompletableFuture<Long> waiter =
          CompletableFuture.supplyAsync(
              () -> {
                // A sleep far longer than the test: only the grant can end this wait in time.
                try (HashDSpinlock w =
                    HashDSpinlock.builder("acl-older")
                        .options(LockOptions.builder().session(other).build())
                        .spinlockSleepThresh(Duration.ofSeconds(60))
                        .maxSpinlockTries(3)
                        .build()
                        .acquire()) {
                  return w.fencingToken();
                }
              });
      org.awaitility.Awaitility.await()
          .atMost(TestTimeouts.seconds(10))
          .until(
              () ->
                  redis.client().zcard(io.dspinlock.internal.wire.LockKeys.queue(held.getKey()))
                      == 1);
      held.close();
      assertThat(assertTimeoutPreemptively(TestTimeouts.seconds(10), () -> waiter.get()))
          .isGreaterThan(held.fencingToken());
    }
  }

  @Test
  void userWithoutScripts_getsAnErrorNamingTheCommand() {
    try (RedisSession s = as("no-scripts")) {
      assertThatThrownBy(() -> new HashDSpinlock("acl-no-scripts", s).acquire())
          .isInstanceOf(DSpinlockException.class)
          .hasMessageContaining("NOPERM")
          .hasMessageContaining("evalsha")
          .hasMessageContaining("dspinlock needs")
          .hasMessageNotContaining(PASSWORD);
    }
  }

  @Test
  void userWithoutTheKeys_getsAnErrorNamingTheKeys() {
    try (RedisSession s = as("other-keys")) {
      assertThatThrownBy(() -> new HashDSpinlock("acl-keys", s).acquire())
          .isInstanceOf(DSpinlockException.class)
          .hasMessageContaining("NOPERM")
          .hasMessageContaining("keys")
          .hasMessageContaining("dspinlock,*")
          .hasMessageNotContaining(PASSWORD);
    }
  }

  @Test
  void wrongPassword_failsClearlyWithoutShowingIt() {
    RedisParameters p =
        RedisParameters.fromUri(redis.uri()).toBuilder()
            .username("locker")
            .password("wrong-pw")
            .build();
    try (RedisSession s = RedisConnections.create(p)) {
      assertThatThrownBy(() -> new HashDSpinlock("acl-pw", s).acquire())
          .isInstanceOf(DSpinlockException.class)
          .hasMessageNotContaining("wrong-pw");
    }
  }
}
