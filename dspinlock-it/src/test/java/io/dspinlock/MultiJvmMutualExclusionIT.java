package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.LockWorker;
import io.dspinlock.testing.TestTimeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several JVMs on one lock never overlap and lose no update. */
class MultiJvmMutualExclusionIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static final Pattern RESULT =
      Pattern.compile("RESULT acquired=(\\d+) overlaps=(\\d+) stale_tokens=(\\d+) failures=(\\d+)");

  @Test
  void acquire_fourJvmsTwoHundredTimesEach_countsEightHundredWithoutOverlap() {
    int jvms = 4;
    int iterations = 200;
    String name = "multi-jvm";
    List<JvmProcess> workers = new ArrayList<>();
    try {
      for (int i = 0; i < jvms; i++) {
        workers.add(
            JvmProcess.start(
                LockWorker.class,
                Map.of(),
                redis.uri(),
                name,
                Integer.toString(iterations),
                Integer.toString(i)));
      }
      JvmProcess.openGate(redis.client(), name, jvms);
      int acquired = 0;
      for (JvmProcess w : workers) {
        assertThat(w.waitFor(TestTimeouts.seconds(120))).as(w.output()).isZero();
        Matcher m = RESULT.matcher(w.output());
        assertThat(m.find()).as(w.output()).isTrue();
        assertThat(m.group(2)).as("overlaps seen by worker").isEqualTo("0");
        assertThat(m.group(3)).as("fencing tokens not increasing").isEqualTo("0");
        assertThat(m.group(4)).as("failed acquisitions").isEqualTo("0");
        acquired += Integer.parseInt(m.group(1));
      }
      assertThat(acquired).isEqualTo(jvms * iterations);
      assertThat(redis.client().get(name + ":counter"))
          .isEqualTo(Integer.toString(jvms * iterations));
      assertThat(redis.client().get(name + ":inside")).isEqualTo("0");
    } finally {
      workers.forEach(JvmProcess::close);
    }
  }
}
