package io.dspinlock.internal.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.internal.wire.LockKeys;
import io.dspinlock.test.DSpinlockRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZAddParams;

/**
 * The scripts' rarer replies, called directly: the paths a lock cycle seldom takes, and that the
 * short argument lists of the common path make the scripts work out for themselves.
 */
class ScriptsIT {
  private static final String KEY = "dspinlock,scripts";
  private static final String FENCE = LockKeys.fence(KEY);
  private static final String OURS =
      "0f8c3a52-7d41-4e3b-9a0c-5b1f2e6d7a90,2026-11-28T03:40:00.123456+00:00";
  private static final String THEIRS =
      "9e1d0c3b-2a41-4f5e-8d7c-6b5a49382716,2026-11-28T03:40:00.123456+00:00";

  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static Object run(Script script, List<String> keys, String... args) {
    return redis.client().eval(script.source(), keys, List.of(args));
  }

  private static Object acquire(String tag, long maxBlockMillis) {
    return run(
        Script.ACQUIRE,
        List.of(KEY, FENCE),
        tag + ",0",
        "30000",
        Long.toString(maxBlockMillis),
        "-");
  }

  private static Object release(String tag) {
    return run(Script.RELEASE, List.of(KEY), "3600000", tag + ",0");
  }

  /** A fair release: {@code fair} as release.lua's ARGV[3]. */
  private static Object release(String tag, String fair) {
    return run(Script.RELEASE, List.of(KEY), "3600000", tag + ",0", fair);
  }

  @Test
  void release_writesComputedInPlace_andARetryThatLandedSaysSo() {
    assertThat(acquire(OURS, 60_000)).isInstanceOf(Long.class);

    assertThat(release(OURS)).isEqualTo(1L);
    assertThat(redis.client().get(KEY)).isEqualTo(OURS + ",1");
    assertThat(redis.client().pttl(KEY)).isBetween(3_000_000L, 3_600_000L);

    assertThat(release(OURS)).as("the same release again").isEqualTo(2L);
    assertThat(redis.client().get(KEY)).isEqualTo(OURS + ",1");
  }

  @Test
  void release_ofAnotherTagsValue_changesNothing() {
    for (String value :
        List.of(THEIRS + ",1", THEIRS + ",0", OURS + "x,1", OURS.substring(1) + ",1")) {
      redis.client().set(KEY, value, SetParams.setParams().px(50_000));
      assertThat(release(OURS)).as(value).isEqualTo(List.of("NOT_OURS", value));
      assertThat(redis.client().get(KEY)).isEqualTo(value);
      assertThat(redis.client().pttl(KEY)).isBetween(40_000L, 50_000L);
    }
    redis.client().del(KEY);
    assertThat(release(OURS)).isEqualTo(List.of("GONE"));
  }

  @Test
  void handoff_movesTheKey_orSaysTheReleaseLanded() {
    long first = (Long) acquire(OURS, 60_000);
    List<String> keys = List.of(KEY, FENCE);

    Object handed = run(Script.HANDOFF, keys, OURS + ",0", THEIRS + ",0", "20000", "60000");
    assertThat(handed).isEqualTo(first + 2);
    assertThat(redis.client().get(KEY)).isEqualTo(THEIRS + ",0");
    assertThat(redis.client().pttl(KEY)).isBetween(10_000L, 20_000L);

    assertThat(run(Script.HANDOFF, keys, THEIRS + ",0", OURS + ",0", "20000", "60000"))
        .isEqualTo(first + 4);
    assertThat(release(OURS)).isEqualTo(1L);
    assertThat(run(Script.HANDOFF, keys, OURS + ",0", THEIRS + ",0", "20000", "60000"))
        .as("our release had landed")
        .isEqualTo(List.of("ALREADY"));
    redis.client().set(KEY, THEIRS + ",1");
    assertThat(run(Script.HANDOFF, keys, OURS + ",0", THEIRS + ",0", "20000", "60000"))
        .isEqualTo(List.of("NOT_OURS", THEIRS + ",1"));
  }

  @Test
  void aSeededCounter_livesThreeMaxBlockTimes_atLeastAnHour() {
    acquire(OURS, 60_000);
    assertThat(redis.client().pttl(FENCE)).as("an hour at least").isBetween(3_500_000L, 3_600_000L);

    redis.client().flushAll();
    acquire(OURS, 7_200_000);
    assertThat(redis.client().pttl(FENCE)).as("3 x 2 h").isBetween(21_500_000L, 21_600_000L);

    long before = Long.parseLong(redis.client().get(FENCE));
    release(OURS);
    acquire(THEIRS, 7_200_000);
    assertThat(Long.parseLong(redis.client().get(FENCE))).isEqualTo(before + 2);
    assertThat(redis.client().pttl(FENCE)).as("INCRBY keeps the expiry").isGreaterThan(21_000_000L);
  }

  @Test
  void delete_announcesOnTheKeysOwnName() throws InterruptedException {
    acquire(OURS, 60_000);
    release(OURS);
    try (Listening listening = new Listening(LockKeys.channel(KEY))) {
      assertThat(run(Script.DELETE, List.of(KEY), OURS)).isEqualTo(List.of("DELETED", OURS + ",1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> listening.published, l -> !l.isEmpty());
      assertThat(listening.published).containsExactly(KEY + " " + OURS);
    }
    assertThat(redis.client().exists(KEY)).isFalse();
  }

  private static final String QUEUE = LockKeys.queue(KEY);

  private static Object first(Object reply) {
    assertThat(reply).as("a reply with fields").isInstanceOf(List.class);
    return ((List<?>) reply).get(0);
  }

  private static Object acquireFair(String tag) {
    return acquireFair(tag, 'Q');
  }

  /** A fair attempt; with flag {@code q} a grant it makes checks that its waiter hears it. */
  private static Object acquireFair(String tag, char flag) {
    return acquireFair(tag, flag + "1500 1000");
  }

  /** A fair attempt of a waiter that reads its grants from its inbox; {@code q}: checked. */
  private static Object acquireByInbox(String tag) {
    return acquireFair(tag, "q1500 L1000");
  }

  /** A fair attempt with the entry's flag and times of acquire.lua's ARGV[4]. */
  private static Object acquireFair(String tag, String flagAndTimes) {
    return run(
        Script.ACQUIRE,
        List.of(KEY, FENCE),
        tag + ",0",
        "30000",
        "1800000",
        flagAndTimes + " session-" + tag.charAt(0));
  }

  /** Moves a queued waiter's arrival on the server's clock by {@code seconds}. */
  private static void arrivedIn(String tag, long seconds) {
    List<?> t = (List<?>) redis.client().eval("return redis.call('TIME')");
    double micros =
        Long.parseLong((String) t.get(0)) * 1e6 + Long.parseLong((String) t.get(1)) + seconds * 1e6;
    redis.client().zadd(QUEUE, micros, tag + ",0", ZAddParams.zAddParams().xx());
  }

  @Test
  void fairQueue_aGrantNobodyHears_standsForAWaiterThatJustJoined_notForAnOlderOne() {
    String arrival = "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5,2026-11-28T03:40:00.123456+00:00";
    assertThat(acquireFair(OURS, 'q')).isInstanceOf(Long.class);
    assertThat(first(acquireFair(THEIRS, 'q'))).isEqualTo("BLOCKED");

    // Our lease runs out; THEIRS joined within 100 ms (here: its arrival lies ahead), and its
    // session does not listen yet: the grant stands, for its session to find when it listens.
    redis.client().del(KEY);
    arrivedIn(THEIRS, 10);
    assertThat(first(acquireFair(arrival, 'q'))).isEqualTo("BLOCKED");
    assertThat(redis.client().get(KEY)).isEqualTo(THEIRS + ",0");
    assertThat(redis.client().pttl(KEY)).as("for the grant time").isBetween(1L, 1000L);

    // That grant runs out too; the arrival, queued 10 s ago and deaf, is passed over at once.
    redis.client().del(KEY);
    arrivedIn(arrival, -10);
    assertThat(acquireFair(OURS, 'q')).isInstanceOf(Long.class);
    assertThat(redis.client().get(KEY)).isEqualTo(OURS + ",0");
    assertThat(redis.client().exists(QUEUE)).isFalse();
  }

  /** A subscription of the channels, as a session's; closing it ends it. */
  private static final class Listening implements AutoCloseable {
    final List<String> published = new CopyOnWriteArrayList<>(); // "<channel> <message>"
    private final CountDownLatch subscribed;
    private final JedisPubSub pubSub;
    private final Thread thread;

    Listening(String... channels) throws InterruptedException {
      subscribed = new CountDownLatch(channels.length);
      pubSub =
          new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
              subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
              published.add(channel + " " + message);
            }
          };
      thread =
          new Thread(
              () -> {
                try (Jedis sub = new Jedis("127.0.0.1", redis.server().port())) {
                  sub.subscribe(pubSub, channels);
                }
              });
      thread.start();
      assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public void close() throws InterruptedException {
      pubSub.unsubscribe();
      thread.join(10_000);
    }
  }

  @Test
  void fairQueue_aGrantToAnInboxWaiter_isPushedToItsInboxForTheGrantTime_notPublished()
      throws InterruptedException {
    String inbox = LockKeys.inbox(KEY, THEIRS + ",0");
    try (Listening session =
        new Listening(KEY, LockKeys.grants(KEY, "session-" + THEIRS.charAt(0)))) {
      assertThat(acquireFair(OURS, 'q')).isInstanceOf(Long.class);
      assertThat(first(acquireByInbox(THEIRS))).isEqualTo("BLOCKED");
      arrivedIn(THEIRS, -10); // its session listens: the grant stands however long it queued

      assertThat(first(release(OURS, "q 1800000 session-" + OURS.charAt(0)))).isEqualTo("GRANTED");
      assertThat(redis.client().get(KEY)).isEqualTo(THEIRS + ",0");
      List<String> message = redis.client().lrange(inbox, 0, -1);
      assertThat(message).hasSize(1);
      assertThat(message.get(0)).matches("\\d+ \\d+ " + Pattern.quote(THEIRS + ",0"));
      assertThat(redis.client().pttl(inbox)).as("as long as the grant").isBetween(1L, 1000L);
      assertThat(session.published).isEmpty();

      // Taken up by an attempt instead of read: the announcement goes with the entry.
      assertThat(first(acquireByInbox(THEIRS))).isEqualTo("OURS");
      assertThat(redis.client().exists(inbox)).isFalse();
    }
  }

  @Test
  void fairQueue_anInboxWaiterWhoseSessionNobodyListensFor_isPassedOver_unlessItJustJoined() {
    String arrival = "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5,2026-11-28T03:40:00.123456+00:00";
    // Nobody listens, neither on the key's channel nor for either waiter's grants: the release
    // looks at the queue all the same.
    assertThat(acquireFair(OURS, 'q')).isInstanceOf(Long.class);
    assertThat(first(acquireByInbox(THEIRS))).isEqualTo("BLOCKED");
    assertThat(first(acquireByInbox(arrival))).isEqualTo("BLOCKED");

    // THEIRS queued 10 s ago, and its process is gone: passed over before anything is granted
    // to it. The arrival joined within 100 ms: granted, to its inbox.
    arrivedIn(THEIRS, -10);
    Object released = release(OURS, "q 1800000 session-" + OURS.charAt(0));
    assertThat(released).isEqualTo(List.of("GRANTED", arrival + ",0", redis.client().get(FENCE)));
    assertThat(redis.client().get(KEY)).isEqualTo(arrival + ",0");
    assertThat(redis.client().exists(LockKeys.inbox(KEY, THEIRS + ",0"))).isFalse();
    assertThat(redis.client().llen(LockKeys.inbox(KEY, arrival + ",0"))).isOne();
    assertThat(redis.client().exists(QUEUE)).isFalse();

    // A waiter that leaves takes its unread announcement with it.
    assertThat(first(run(Script.LEAVE, List.of(KEY, FENCE), arrival + ",0", "30000")))
        .isEqualTo("OURS");
    assertThat(redis.client().exists(LockKeys.inbox(KEY, arrival + ",0"))).isFalse();
  }

  @Test
  void fairQueue_theCountersParityTellsWhetherAQueueMayExist() {
    assertThat(acquireFair(OURS)).isInstanceOf(Long.class);
    assertThat(Long.parseLong(redis.client().get(FENCE)) % 2).as("no queue: even").isZero();

    assertThat(first(acquireFair(THEIRS))).isEqualTo("BLOCKED");
    assertThat(redis.client().zrange(QUEUE, 0, -1)).containsExactly(THEIRS + ",0");
    assertThat(Long.parseLong(redis.client().get(FENCE)) % 2).as("a queue: odd").isOne();

    // Our lease runs out (a crashed holder): an arrival does not pass the queued waiter.
    redis.client().del(KEY);
    String arrival = "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5,2026-11-28T03:40:00.123456+00:00";
    assertThat(first(acquireFair(arrival))).isEqualTo("BLOCKED");
    assertThat(redis.client().get(KEY)).as("granted to the head").isEqualTo(THEIRS + ",0");
    assertThat(redis.client().pttl(KEY)).as("for the grant time").isBetween(1L, 1000L);
    assertThat(redis.client().zrange(QUEUE, 0, -1)).containsExactly(arrival + ",0");

    // The head leaves, granted: it holds the key with its lease; the arrival leaves too.
    assertThat(first(run(Script.LEAVE, List.of(KEY, FENCE), THEIRS + ",0", "30000")))
        .isEqualTo("OURS");
    assertThat(redis.client().pttl(KEY)).isGreaterThan(20_000L);
    assertThat(run(Script.LEAVE, List.of(KEY, FENCE), arrival + ",0", "30000")).isEqualTo(0L);
    assertThat(redis.client().exists(QUEUE)).isFalse();

    // The queue is gone while the counter is still odd: the next attempt on a free key evens it.
    redis.client().del(KEY);
    assertThat(acquireFair(OURS)).isInstanceOf(Long.class);
    assertThat(Long.parseLong(redis.client().get(FENCE)) % 2).isZero();
  }
}
