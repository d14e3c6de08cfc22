package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.internal.wire.LockKeys;
import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.ContentionWorker;
import io.dspinlock.testing.Figures;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.LockWorker;
import io.dspinlock.testing.QueuedWorker;
import io.dspinlock.testing.RedisAdmin;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fairness across processes, with real JVMs and signals: waiters of several processes queue on the
 * server and are granted the key in their order; a dead or stopped waiter delays the next one by a
 * bounded time only; and the default tries are not spent by lost races.
 */
class FairnessIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  /** A queue entry outlives its waiter's latest attempt by three sleeps, at least 1 s. */
  private static final Duration ENTRY = Duration.ofMillis(1500);

  /** A grant waits this long to be taken up. */
  private static final Duration GRANT = Duration.ofSeconds(1);

  private static final Pattern OVERLAPS = Pattern.compile("RESULT overlaps=(\\d+)");

  @Test
  void threeJvmsQueuedInOrder_areGrantedInThatOrder() {
    String name = "fair-order";
    HashDSpinlock holder = lock(name).acquire();
    List<JvmProcess> workers = new ArrayList<>();
    try {
      for (String id : List.of("a", "b", "c")) {
        workers.add(queued(name, id, 20, 500));
        int expected = workers.size();
        awaitQueued(holder, expected);
      }
      holder.close();
      for (JvmProcess w : workers) {
        assertResult(w);
      }
      assertThat(ids(name)).containsExactly("a", "b", "c");
    } finally {
      workers.forEach(JvmProcess::close);
    }
  }

  @Test
  void queuedWaiterKilled_delaysTheNextByNoMoreThanItsEntryExpiry() {
    String name = "fair-killed";
    HashDSpinlock holder = lock(name).acquire();
    try (JvmProcess killed = queued(name, "killed", 20, 500);
        JvmProcess next = awaitQueuedThen(holder, 1, () -> queued(name, "next", 20, 500))) {
      awaitQueued(holder, 2);
      killed.kill();
      assertThat(killed.waitFor(TestTimeouts.seconds(30))).isNotZero();
      long releasedAt = System.nanoTime();
      holder.close();
      assertResult(next);
      Duration delay = Duration.ofNanos(acquiredAt(name, 0) - releasedAt);
      Figures.report("handoff past a queued waiter killed with kill -9", delay.toMillis() + " ms");
      assertThat(delay).isLessThanOrEqualTo(ENTRY);
    }
  }

  @Test
  void grantedWaiterStopped_delaysTheNextByNoMoreThanTheGrantBound_andNeverOverlaps() {
    String name = "fair-stopped";
    HashDSpinlock holder = lock(name).acquire();
    try (JvmProcess stopped = queued(name, "stopped", 20, 500);
        JvmProcess next = awaitQueuedThen(holder, 1, () -> queued(name, "next", 300, 500))) {
      awaitQueued(holder, 2);
      stopped.signal("STOP");
      long releasedAt;
      try {
        releasedAt = System.nanoTime();
        holder.close(); // granted to the stopped waiter, which cannot take it up
        await("the next waiter holds the key")
            .atMost(TestTimeouts.seconds(30))
            .until(() -> redis.client().llen(name + ":order") == 1);
      } finally {
        stopped.signal("CONT");
      }
      Duration delay = Duration.ofNanos(acquiredAt(name, 0) - releasedAt);
      Figures.report(
          "handoff past a granted waiter stopped with SIGSTOP", delay.toMillis() + " ms");
      assertThat(delay).isLessThanOrEqualTo(GRANT.plusMillis(200));
      assertResult(next);
      assertResult(stopped); // woken, it knows its grant is stale: it waits its turn again
      assertThat(ids(name)).containsExactly("next", "stopped");
    }
  }

  @Test
  void fourJvmsWithTheDefaultTries_fiveMsSectionsForTwentySeconds_noTriesExceeded() {
    String name = "fair-default-tries";
    int jvms = 4;
    List<JvmProcess> workers = new ArrayList<>();
    try {
      for (int i = 0; i < jvms; i++) {
        workers.add(
            JvmProcess.start(
                ContentionWorker.class,
                Map.of(),
                redis.uri(),
                name,
                "20",
                "5",
                Integer.toString(i)));
      }
      JvmProcess.openGate(redis.client(), name, jvms);
      Pattern result =
          Pattern.compile("RESULT acquired=(\\d+) tries_exceeded=(\\d+) overlaps=(\\d+)");
      List<Integer> counts = new ArrayList<>();
      for (JvmProcess w : workers) {
        assertThat(w.waitFor(TestTimeouts.seconds(120))).as(w.output()).isZero();
        Matcher m = result.matcher(w.output());
        assertThat(m.find()).as(w.output()).isTrue();
        assertThat(m.group(2)).as("tries exceeded: " + w.output()).isEqualTo("0");
        assertThat(m.group(3)).as("overlaps").isEqualTo("0");
        counts.add(Integer.parseInt(m.group(1)));
      }
      Figures.report("4 JVMs, 5 ms sections, 20 s: acquisitions per JVM", counts.toString());
      assertThat(counts).allSatisfy(c -> assertThat(c).isPositive());
    } finally {
      workers.forEach(JvmProcess::close);
    }
  }

  @Test
  void eightQueuedJvms_aReleaseSendsOneMessageToOneSession() {
    String name = "fair-one-message";
    HashDSpinlock holder = lock(name).acquire();
    List<JvmProcess> workers = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        // A long sleep: no waiter refreshes its entry while the handoff is counted.
        workers.add(queued(name, "w" + i, 100, 5000));
        awaitQueued(holder, i + 1);
      }
      String grants = "{" + LockKeys.slotPart(holder.getKey()) + "}:grant:*";
      await("every queued JVM listens for its grants")
          .atMost(TestTimeouts.seconds(30))
          .until(
              () -> {
                try (redis.clients.jedis.Jedis admin = RedisAdmin.admin(redis)) {
                  return admin.pubsubChannels(grants).size() == 8;
                }
              });
      try (redis.clients.jedis.Jedis admin = RedisAdmin.admin(redis)) {
        admin.configResetStat();
        holder.close();
        await("the first waiter holds the key")
            .pollInterval(Duration.ofMillis(2))
            .atMost(TestTimeouts.seconds(30))
            .until(() -> redis.client().llen(name + ":order") == 1);
        String stats = admin.info("commandstats");
        Figures.report("commands of one handoff to one of 8 queued JVMs", calls(stats));
        // One message, to one waiter: pushed to its inbox (the other RPUSH is that waiter's own
        // record), none published; one look at the queue's head; one write of the key.
        assertThat(count(stats, "rpush")).as(stats).isEqualTo(2);
        assertThat(count(stats, "publish")).as(stats).isZero();
        assertThat(count(stats, "zrange")).as(stats).isEqualTo(1);
        assertThat(count(stats, "psetex")).as(stats).isEqualTo(1);
      }
      for (JvmProcess w : workers) {
        assertResult(w);
      }
      assertThat(ids(name)).hasSize(8);
    } finally {
      workers.forEach(JvmProcess::close);
    }
  }

  @Test
  void pythonAndJavaProcessesOnOneKey_neverOverlap() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(PythonInteropIT.hasPython(), "no python3");
    String name = "fair-python";
    String key = HashDSpinlock.builder(name).build().getKey();
    java.net.URI uri = java.net.URI.create(redis.uri());
    java.nio.file.Path script = java.nio.file.Files.createTempFile("py_locker", ".py");
    try (java.io.InputStream in = FairnessIT.class.getResourceAsStream("py_locker.py")) {
      java.nio.file.Files.write(script, in.readAllBytes());
    }
    int iterations = 150;
    Process python =
        new ProcessBuilder(
                "python3",
                script.toString(),
                uri.getHost(),
                Integer.toString(uri.getPort()),
                key,
                name,
                Integer.toString(iterations))
            .redirectErrorStream(true)
            .start();
    List<JvmProcess> workers = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        workers.add(
            JvmProcess.start(
                LockWorker.class,
                Map.of(),
                redis.uri(),
                name,
                Integer.toString(iterations),
                Integer.toString(i)));
      }
      JvmProcess.openGate(redis.client(), name, 3);
      assertThat(python.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String out = new String(python.getInputStream().readAllBytes());
      assertThat(python.exitValue()).as(out).isZero();
      assertThat(out).contains("RESULT acquired=" + iterations + " overlaps=0");
      Pattern result = Pattern.compile("RESULT acquired=(\\d+) overlaps=(\\d+)");
      for (JvmProcess w : workers) {
        assertThat(w.waitFor(TestTimeouts.seconds(120))).as(w.output()).isZero();
        Matcher m = result.matcher(w.output());
        assertThat(m.find()).as(w.output()).isTrue();
        assertThat(m.group(1)).isEqualTo(Integer.toString(iterations));
        assertThat(m.group(2)).as("overlaps").isEqualTo("0");
      }
      assertThat(redis.client().get(name + ":counter")).isEqualTo(Integer.toString(3 * iterations));
    } finally {
      python.destroyForcibly();
      workers.forEach(JvmProcess::close);
      java.nio.file.Files.deleteIfExists(script);
    }
  }

  private static long count(String commandStats, String command) {
    Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(commandStats);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static String calls(String commandStats) {
    StringBuilder sb = new StringBuilder();
    Matcher m = Pattern.compile("cmdstat_(\\w+):calls=(\\d+)").matcher(commandStats);
    while (m.find()) {
      sb.append(sb.length() > 0 ? ", " : "").append(m.group(1)).append(' ').append(m.group(2));
    }
    return sb.toString();
  }

  private static HashDSpinlock lock(String name) {
    return HashDSpinlock.builder(name).session(redis.session()).build();
  }

  private static JvmProcess queued(String name, String id, long holdMillis, long sleepMillis) {
    return JvmProcess.start(
        QueuedWorker.class,
        Map.of(),
        redis.uri(),
        name,
        id,
        Long.toString(holdMillis),
        Long.toString(sleepMillis));
  }

  private static JvmProcess awaitQueuedThen(
      HashDSpinlock holder, int queued, java.util.function.Supplier<JvmProcess> then) {
    awaitQueued(holder, queued);
    return then.get();
  }

  private static void awaitQueued(HashDSpinlock holder, int waiters) {
    String queue = LockKeys.queue(holder.getKey());
    await("the key's queue holds " + waiters)
        .atMost(TestTimeouts.seconds(60))
        .until(() -> redis.client().zcard(queue) == waiters);
  }

  private static void assertResult(JvmProcess w) {
    assertThat(w.waitFor(TestTimeouts.seconds(60))).as(w.output()).isZero();
    Matcher m = OVERLAPS.matcher(w.output());
    assertThat(m.find()).as(w.output()).isTrue();
    assertThat(m.group(1)).as("overlaps: " + w.output()).isEqualTo("0");
  }

  private static List<String> ids(String name) {
    return redis.client().lrange(name + ":order", 0, -1).stream()
        .map(e -> e.substring(0, e.indexOf(' ')))
        .toList();
  }

  private static long acquiredAt(String name, int index) {
    String entry = redis.client().lindex(name + ":order", index);
    return Long.parseLong(entry.substring(entry.indexOf(' ') + 1));
  }
}
