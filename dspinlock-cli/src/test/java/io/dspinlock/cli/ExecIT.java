package io.dspinlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.TestTimeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code dspinlock exec} as a real process: flock(1) across machines. */
class ExecIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private JvmProcess exec(String... args) {
    List<String> all = new ArrayList<>(List.of("exec", "--redis", redis.uri()));
    all.addAll(List.of(args));
    return Cli.start(Map.of(), all.toArray(String[]::new));
  }

  private static int ended(JvmProcess p) {
    return p.waitFor(TestTimeouts.seconds(60));
  }

  @Test
  void exec_twoConcurrentRuns_neverInterleave() throws Exception {
    Path file = Files.createTempFile("exec", ".log");
    String script = "echo start $$ >> " + file + "; sleep 0.3; echo end $$ >> " + file;
    List<JvmProcess> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(exec("--key", "critical", "--tries", "100", "--", "sh", "-c", script));
    }
    for (JvmProcess p : runs) {
      assertThat(ended(p)).as(p.output()).isZero();
      p.close();
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(8);
    for (int i = 0; i < lines.size(); i += 2) {
      String pid = lines.get(i).substring("start ".length());
      assertThat(lines.get(i)).startsWith("start ");
      assertThat(lines.get(i + 1)).as("line %d of %s", i + 1, lines).isEqualTo("end " + pid);
    }
  }

  @Test
  void exec_commandStatus_isPassedThroughWithTheToken() throws Exception {
    try (JvmProcess p =
        exec("--key", "status", "--", "sh", "-c", "echo token=$DSPINLOCK_TOKEN; exit 3")) {
      assertThat(ended(p)).as(p.output()).isEqualTo(3);
      assertThat(p.output()).containsPattern("token=\\d{10,}");
    }
    // Released afterwards: the key is COMPUTED.
    assertThat(redis.client().get(new HashDSpinlock("status").getKey())).endsWith(",1");
  }

  @Test
  void exec_lockHeldElsewhere_exits75AfterItsTries() {
    HashDSpinlock held = new HashDSpinlock("busy", redis.session()).acquire();
    try (JvmProcess p =
        exec("--key", "busy", "--tries", "3", "--sleep", "50ms", "--", "sh", "-c", "echo RAN")) {
      assertThat(ended(p)).as(p.output()).isEqualTo(75);
      assertThat(p.output()).contains("3 tries").doesNotContain("RAN");
    } finally {
      held.close();
    }
  }

  @Test
  void exec_failIfExists_exits75AtOnce() {
    new HashDSpinlock("once", redis.session()).acquire().close();
    try (JvmProcess p = exec("--key", "once", "--fail-if-exists", "--", "sh", "-c", "echo RAN")) {
      assertThat(ended(p)).as(p.output()).isEqualTo(75);
      assertThat(p.output()).doesNotContain("RAN");
    }
  }

  @Test
  void exec_cachedPath_exitsZeroWithoutRunning() {
    new HashDSpinlock("cached", redis.session()).acquire().close();
    try (JvmProcess p =
        exec("--key", "cached", "--cached-if-computed", "--", "sh", "-c", "echo RAN; exit 9")) {
      assertThat(ended(p)).as(p.output()).isZero();
      assertThat(p.output()).contains("COMPUTED").doesNotContain("RAN");
    }
  }

  @Test
  void exec_sigterm_isForwardedAndTheLockReleased() throws Exception {
    Path marker = Files.createTempFile("term", ".log");
    String script =
        "trap 'echo got TERM >> "
            + marker
            + "; exit 143' TERM; echo ready >> "
            + marker
            + "; while true; do sleep 0.1; done";
    try (JvmProcess p = exec("--key", "forward", "--", "sh", "-c", script)) {
      await()
          .atMost(TestTimeouts.seconds(30))
          .until(() -> Files.readString(marker).contains("ready"));
      assertThat(redis.client().get(new HashDSpinlock("forward").getKey())).endsWith(",0");
      p.signal("TERM");
      assertThat(ended(p)).as(p.output()).isEqualTo(143);
      assertThat(Files.readString(marker)).contains("got TERM");
    }
    assertThat(redis.client().get(new HashDSpinlock("forward").getKey())).endsWith(",1");
  }

  @Test
  void exec_wrongUsage_exits64WithUsage() {
    try (JvmProcess p = exec("--", "true")) {
      assertThat(ended(p)).isEqualTo(64);
      assertThat(p.output()).contains("Missing required option").contains("Usage:");
    }
  }

  @Test
  void exec_redisUnreachable_exits69() throws Exception {
    int closed = io.dspinlock.test.RedisServer.freePort();
    try (JvmProcess p =
        Cli.start(
            Map.of(),
            "exec",
            "--redis",
            "redis://127.0.0.1:" + closed,
            "--key",
            "k",
            "--",
            "true")) {
      assertThat(ended(p)).as(p.output()).isEqualTo(69);
    }
  }
}
