package io.dspinlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.testing.TestTimeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./dspinlock demo} runs out of the box: embedded Redis, every path shown, exit 0. */
class DemoIT {

  @Test
  void demo_withoutRedis_showsEveryPathAndExitsZeroWithinAMinute() throws Exception {
    Path output = Files.createTempFile("demo", ".log");
    long start = System.nanoTime();
    Process demo = Cli.script(output, "demo");
    boolean ended = demo.waitFor(TestTimeouts.seconds(60).toMillis(), TimeUnit.MILLISECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String out = Files.readString(output);
    if (!ended) {
      demo.destroyForcibly();
    }
    assertThat(ended).as("demo ended within 60 s:%n%s", out).isTrue();
    assertThat(demo.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("started an embedded redis-server")
        .contains("waits: held by")
        .contains("holds the lock")
        .contains("✓ mutual exclusion")
        .contains("found it COMPUTED: reads the cached result")
        .contains("✓ cached-if-computed: computed 1 time(s), read from cache 2 time(s)")
        .contains("refused at once: FailIfKeyExistsIsEnabledException")
        .contains("✓ fail-if-key-exists")
        .contains("kill -9 worker-1")
        .contains("✓ crash safety")
        .contains("All scenarios behaved as they should.")
        .doesNotContain("✗");
    System.out.println("demo took " + took.toMillis() + " ms");
  }
}
