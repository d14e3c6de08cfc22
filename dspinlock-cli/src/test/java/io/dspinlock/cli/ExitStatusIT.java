package io.dspinlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.TestTimeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Through ./dspinlock itself: durations as the help says, and only the exit statuses it lists. */
class ExitStatusIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  @TempDir Path dir;

  /** Runs ./dspinlock with --redis after the subcommand; returns its status and its output. */
  private Object[] run(String command, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(command, "--redis", redis.uri()));
    all.addAll(List.of(args));
    return script(all.toArray(String[]::new));
  }

  /** Runs ./dspinlock with exactly these arguments; returns its status and its output. */
  private Object[] script(String... args) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Process p = Cli.script(out, args);
    assertThat(p.waitFor(TestTimeouts.seconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
    return new Object[] {p.exitValue(), Files.readString(out)};
  }

  @Test
  void exec_leaseOfOneDay_isADayCappedAtTheMaxBlockTime() throws Exception {
    Path out = dir.resolve("out.txt");
    Process p =
        Cli.script(
            out,
            "exec",
            "--redis",
            redis.uri(),
            "--key",
            "a-day",
            "--lease",
            "1d",
            "--",
            "sleep",
            "30");
    try {
      String key = new HashDSpinlock("a-day").getKey();
      await().atMost(TestTimeouts.seconds(30)).until(() -> redis.client().exists(key));
      // A lease never outlasts the max block time (30 min): the day is cut to it, not read as 1 s.
      assertThat(redis.client().pttl(key)).isGreaterThan(TimeUnit.MINUTES.toMillis(29));
    } finally {
      p.destroy();
      p.waitFor(TestTimeouts.seconds(30).toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void exec_durationUnderAMillisecondOrWithoutUnit_isWrongUsageNamingTheOption() throws Exception {
    for (String lease : new String[] {"0s", "5", "1f"}) {
      Object[] r = run("exec", "--key", "k", "--lease", lease, "--", "true");
      assertThat(r[0]).as(lease).isEqualTo(Main.USAGE);
      assertThat((String) r[1]).contains("--lease").doesNotContain("leaseTime()");
    }
  }

  @Test
  void execAndDelete_keyThatIsNoLock_exit65() throws Exception {
    String key = new HashDSpinlock("no-lock").getKey();
    redis.client().set(key, "a,b,c,d");
    assertThat(run("exec", "--key", "no-lock", "--", "true")[0]).isEqualTo(Main.DATAERR);
    redis.client().del(key);
    redis.client().rpush(key, "x");
    assertThat(run("delete", "no-lock")[0]).isEqualTo(Main.DATAERR);
    assertThat(run("exec", "--key", "no-lock", "--", "true")[0]).isEqualTo(Main.DATAERR);
  }

  @Test
  void delete_heldKey_exits75() throws Exception {
    try (HashDSpinlock held = redis.lock("held").build().acquire()) {
      assertThat(run("delete", "held")[0]).isEqualTo(Main.TEMPFAIL);
      assertThat(held.isHeld()).isTrue();
    }
  }

  @Test
  void exec_missingProgram_exits127() throws Exception {
    assertThat(run("exec", "--key", "k", "--", "/nonexistent/program")[0]).isEqualTo(127);
  }

  @Test
  void status_missingCaFile_exits78() throws Exception {
    Object[] r =
        script(
            "status",
            "--redis",
            "rediss://127.0.0.1:" + redis.server().port() + "?caFile=/nonexistent/ca.pem",
            "k");
    assertThat(r[0]).as((String) r[1]).isEqualTo(Main.CONFIG);
    assertThat((String) r[1]).contains("caFile");
  }

  @Test
  void help_listsEveryExitStatusTheToolUses() throws Exception {
    String help = (String) script("--help")[1];
    for (int status : Main.EXIT_STATUSES) {
      assertThat(help).containsPattern("(?m)^\\s+" + status + "\\s");
    }
  }
}
