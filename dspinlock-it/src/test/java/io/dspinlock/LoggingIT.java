package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.test.RedisServer;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.LoggingProbe;
import io.dspinlock.testing.TestTimeouts;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Diagnostics: DEBUG on D_SPINLOCK only when switched on, and never a password. */
class LoggingIT {
  private static final String PASSWORD = "topsecret-42";
  private static RedisServer server;

  @BeforeAll
  static void startServerWithPassword() {
    server = RedisServer.start("--requirepass", PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private String runProbe(Map<String, String> env) {
    String uri = "redis://:" + PASSWORD + "@127.0.0.1:" + server.port() + "/0";
    try (JvmProcess probe = JvmProcess.start(LoggingProbe.class, env, uri)) {
      assertThat(probe.waitFor(TestTimeouts.seconds(60))).as(probe.output()).isZero();
      assertThat(probe.output()).contains("PROBE tries exceeded as expected", "PROBE DONE");
      return probe.output();
    }
  }

  @Test
  void debug_withSlLogEnabled_logsOnDSpinlockLoggerWithoutPassword() {
    String output = runProbe(Map.of(Consts.SL_LOG_ENABLED, "1"));
    assertThat(output)
        .contains("DEBUG " + Consts.SL_LOG_TAG + " - ")
        .contains("dspinlock,")
        .doesNotContain(PASSWORD);
  }

  @Test
  void debug_withoutSlLogEnabled_logsNothingOnDSpinlockLogger() {
    String output = runProbe(Map.of());
    assertThat(output).doesNotContain(Consts.SL_LOG_TAG).doesNotContain(PASSWORD);
  }
}
