package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.FencedResource;
import io.dspinlock.testing.Figures;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.SoakWorker;
import io.dspinlock.testing.TestTimeouts;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Soak: 8 threads in each of 2 JVMs on one lock, checked at a fenced resource. Runs {@code
 * dspinlock.soak.seconds} (5 in {@code mvn verify}); alone and longer with {@code mvn -pl
 * dspinlock-core verify -Dit.test=SoakIT -Ddspinlock.soak.seconds=30}.
 */
@Tag("soak")
class SoakIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static final Pattern SOAK =
      Pattern.compile("SOAK holds=(\\d+) overlaps=(\\d+) refused=(\\d+) failures=(\\d+)");

  @Test
  void soak_eightThreadsTimesTwoJvms_noViolation() {
    long seconds = Long.getLong("dspinlock.soak.seconds", 5);
    String name = "soak";
    List<JvmProcess> jvms =
        List.of(
            JvmProcess.start(
                SoakWorker.class, Map.of(), redis.uri(), name, "8", Long.toString(seconds)),
            JvmProcess.start(
                SoakWorker.class, Map.of(), redis.uri(), name, "8", Long.toString(seconds)));
    try {
      long holds = 0;
      for (JvmProcess jvm : jvms) {
        assertThat(jvm.waitFor(TestTimeouts.seconds(seconds + 120))).as(jvm.output()).isZero();
        Matcher m = SOAK.matcher(jvm.output());
        assertThat(m.find()).as(jvm.output()).isTrue();
        assertThat(m.group(2)).as("overlaps").isEqualTo("0");
        assertThat(m.group(3)).as("writes refused for a stale token").isEqualTo("0");
        assertThat(m.group(4)).as("failed acquisitions").isEqualTo("0");
        holds += Long.parseLong(m.group(1));
      }
      FencedResource resource = new FencedResource(redis.client(), name + ":resource");
      List<Long> tokens = resource.acceptedTokens();
      assertThat(tokens).hasSize((int) holds);
      for (int i = 1; i < tokens.size(); i++) {
        assertThat(tokens.get(i)).as("token %d", i).isGreaterThan(tokens.get(i - 1));
      }
      Figures.report(
          "soak " + seconds + " s, 8 threads x 2 JVMs: holds, violations", holds + ", 0");
    } finally {
      jvms.forEach(JvmProcess::close);
    }
  }
}
