package io.dspinlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.test.RedisServer;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.TestTimeouts;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code status}, {@code list} and {@code delete} against locks written by the library and by a raw
 * SET in the Python original's format.
 */
class InspectIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static final String PY_UUID = "18b29dc6-208e-4456-a323-bc911e8ac18c";
  private HashDSpinlock held;
  private String pythonKey;

  @BeforeEach
  void locks() {
    held = new HashDSpinlock("java-held", redis.session()).acquire();
    new HashDSpinlock("java-done", redis.session()).acquire().close();
    pythonKey = new HashDSpinlock("python-held").getKey();
    String now = io.dspinlock.internal.wire.PyIso.format(Instant.now());
    redis.client().set(pythonKey, PY_UUID + "," + now + ",0"); // as py-dspinlock writes it
  }

  private JvmProcess cli(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = args[0];
    all[1] = "--redis=" + redis.uri();
    System.arraycopy(args, 1, all, 2, args.length - 1);
    return Cli.start(Map.of(), all);
  }

  private String run(int expectedStatus, String... args) {
    try (JvmProcess p = cli(args)) {
      assertThat(p.waitFor(TestTimeouts.seconds(60))).as(p.output()).isEqualTo(expectedStatus);
      return p.output();
    }
  }

  @Test
  void status_heldByTheLibrary_showsHolderTtlAndToken() {
    String out = run(0, "status", "java-held");
    assertThat(out)
        .contains(held.getKey())
        .contains("BLOCKED")
        .contains(Long.toString(held.fencingToken()))
        .containsPattern("ttl\\s+\\d+\\.\\ds");
    held.close();
  }

  @Test
  void status_showsWhetherTheServerMayEvictLockKeys() {
    assertThat(run(0, "status", "java-held")).containsPattern("server\\s+SAFE: .*never evicts");
    assertThat(run(0, "status", "--json", "java-held")).contains("\"eviction\":\"SAFE\"");
    held.close();
    try (RedisServer evicting =
        RedisServer.start("--maxmemory", "2mb", "--maxmemory-policy", "volatile-lru")) {
      for (String[] uriAndFinding :
          new String[][] {
            {evicting.uri(), "REFUSED"}, {evicting.uri() + "?acceptEviction=true", "ACCEPTED"}
          }) {
        try (JvmProcess p = Cli.start(Map.of(), "status", "--redis=" + uriAndFinding[0], "k")) {
          assertThat(p.waitFor(TestTimeouts.seconds(60))).as(p.output()).isZero();
          assertThat(p.output())
              .contains("FREE")
              .containsPattern("server\\s+" + uriAndFinding[1] + ": ")
              .contains("volatile-lru")
              .contains("2097152")
              .contains("noeviction");
        }
      }
    }
  }

  @Test
  void status_json_isOneObjectWithEveryField() {
    String out = run(0, "status", "--json", "python-held").trim();
    assertThat(out)
        .startsWith("{")
        .endsWith("}")
        .contains("\"key\":\"" + pythonKey + "\"")
        .contains("\"state\":\"BLOCKED\"")
        .contains("\"uuid\":\"" + PY_UUID + "\"")
        .containsPattern("\"age_ms\":\\d+")
        .contains("\"ttl_ms\":null")
        .contains("\"fencing_token\":null");
    held.close();
  }

  @Test
  void status_rawKey_readsTheGivenKey() {
    String out = run(0, "status", "--key-is-raw", pythonKey);
    assertThat(out).contains(PY_UUID).contains("BLOCKED");
    held.close();
  }

  @Test
  void list_showsLibraryAndPythonLocks() {
    String out = run(0, "list");
    assertThat(out)
        .contains("STATE")
        .contains(held.getKey())
        .contains(new HashDSpinlock("java-done").getKey())
        .contains(pythonKey)
        .contains("COMPUTED");
    String json = run(0, "list", "--json", "--match", pythonKey);
    assertThat(json.lines().filter(l -> l.startsWith("{"))).hasSize(1);
    held.close();
  }

  @Test
  void delete_computed_deletesIt_andRefusesAForeignHolder() {
    String done = new HashDSpinlock("java-done").getKey();
    assertThat(run(0, "delete", "java-done")).contains("deleted " + done);
    assertThat(redis.client().exists(done)).isFalse();
    assertThat(run(0, "delete", "java-done")).contains("nothing to delete");
    assertThat(run(75, "delete", "python-held")).contains("refusing to delete");
    assertThat(redis.client().get(pythonKey)).startsWith(PY_UUID);
    held.close();
  }

  @Test
  void help_readsWell_andUnknownCommandExits64() {
    String help = run(0, "--help");
    assertThat(help)
        .contains("demo")
        .contains("exec")
        .contains("status")
        .contains("list")
        .contains("delete");
    try (JvmProcess p = Cli.start(Map.of(), "bogus")) {
      assertThat(p.waitFor(TestTimeouts.seconds(60))).isEqualTo(64);
    }
    held.close();
  }
}
