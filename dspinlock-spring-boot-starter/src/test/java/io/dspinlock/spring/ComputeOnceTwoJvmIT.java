package io.dspinlock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link ComputeOnce} called at the same time by two JVMs: one computes, both get its value. */
class ComputeOnceTwoJvmIT {
  @RegisterExtension static final DSpinlockRedis redis = new DSpinlockRedis();

  @Test
  void twoJvms_concurrentCalls_computeOnce_andShareTheValue(@TempDir Path dir) throws Exception {
    Path gate = dir.resolve("gate");
    try (WorkerJvm a = WorkerJvm.start(ComputeWorker.class, redis.uri(), gate.toString());
        WorkerJvm b = WorkerJvm.start(ComputeWorker.class, redis.uri(), gate.toString())) {
      // Both have called, and one computes: the other is waiting for it.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  a.says("CALLING")
                      && b.says("CALLING")
                      && (a.says("COMPUTING") || b.says("COMPUTING")));
      Files.createFile(gate);
      await().atMost(Duration.ofSeconds(30)).until(() -> a.says("RESULT") && b.says("RESULT"));
      assertThat(a.says("COMPUTING") ^ b.says("COMPUTING")).isTrue();
      assertThat(result(a)).isEqualTo(result(b));
    }
  }

  private static String result(WorkerJvm w) throws Exception {
    return w.printed().lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
  }
}
