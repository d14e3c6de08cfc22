package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.ComputeWorker;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.TestTimeouts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** computeOnce: one caller computes, every caller gets its result. */
class ComputeOnceIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  @Test
  void computeOnce_sixteenCallersOverTwoJvms_runTheSupplierOnceAndShareTheValue() {
    String key = "report:2026-11";
    List<JvmProcess> jvms = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        jvms.add(JvmProcess.start(ComputeWorker.class, Map.of(), redis.uri(), key, "gate"));
      }
      await().atMost(TestTimeouts.seconds(60)).until(() -> redis.client().llen("gate:ready") == 2);
      redis.client().rpush("gate", "go", "go");
      List<String> results = new ArrayList<>();
      for (JvmProcess jvm : jvms) {
        assertThat(jvm.waitFor(TestTimeouts.seconds(120))).as(jvm.output()).isZero();
        jvm.output().lines().filter(l -> l.startsWith("RESULT ")).forEach(results::add);
        assertThat(jvm.output()).doesNotContain("FAILURE");
      }
      assertThat(results).hasSize(16);
      assertThat(results.stream().distinct()).hasSize(1);
      assertThat(redis.client().get(key + ":runs")).isEqualTo("1");
    } finally {
      jvms.forEach(JvmProcess::close);
    }
  }

  @Test
  void computeOnce_supplierThrows_nextCallerComputesAndNothingIsCached() {
    RedisSession s = redis.session();
    assertThatThrownBy(
            () ->
                s.computeOnce(
                    "flaky",
                    Duration.ofMinutes(5),
                    ResultCodec.utf8(),
                    () -> {
                      throw new IllegalStateException("query failed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("query failed");
    assertThat(redis.client().exists(new HashDSpinlock("flaky").getKey())).isFalse();
    assertThat(s.computeOnce("flaky", Duration.ofMinutes(5), ResultCodec.utf8(), () -> "ok"))
        .isEqualTo("ok");
  }

  @Test
  void computeOnce_resultExpiresAfterTtl_thenComputesAgain() {
    AtomicInteger runs = new AtomicInteger();
    RedisSession s = redis.session();
    Duration ttl = Duration.ofMillis(300);
    assertThat(
            s.computeOnce(
                "short-lived", ttl, ResultCodec.utf8(), () -> "v" + runs.incrementAndGet()))
        .isEqualTo("v1");
    assertThat(
            s.computeOnce(
                "short-lived", ttl, ResultCodec.utf8(), () -> "v" + runs.incrementAndGet()))
        .isEqualTo("v1");
    await()
        .atMost(TestTimeouts.seconds(10))
        .until(
            () ->
                s.computeOnce(
                        "short-lived", ttl, ResultCodec.utf8(), () -> "v" + runs.incrementAndGet())
                    .equals("v2"));
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void computeOnce_bytesAndCustomCodecs_roundTrip() {
    RedisSession s = redis.session();
    byte[] bytes = {1, 2, 3, (byte) 0xff};
    assertThat(s.computeOnce("bytes", Duration.ofMinutes(1), ResultCodec.bytes(), () -> bytes))
        .containsExactly(bytes);
    ResultCodec<Integer> ints =
        ResultCodec.of(
            v -> Integer.toString(v).getBytes(java.nio.charset.StandardCharsets.UTF_8),
            b -> {
              if (b.length == 0) {
                throw new IOException("empty");
              }
              return Integer.valueOf(new String(b, java.nio.charset.StandardCharsets.UTF_8));
            });
    assertThat(s.computeOnce("ints", Duration.ofMinutes(1), ints, () -> 42)).isEqualTo(42);
    assertThat(s.computeOnce("ints", Duration.ofMinutes(1), ints, () -> 7)).isEqualTo(42);
  }
}
