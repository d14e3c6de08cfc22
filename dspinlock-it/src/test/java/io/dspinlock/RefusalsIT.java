package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.test.RedisServer;
import io.dspinlock.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A server that answers but refuses to write: out of memory under {@code noeviction}. The refusal
 * surfaces as what it is, never as a wrong key type, and nothing is left half-written.
 */
class RefusalsIT {
  private static RedisServer server;
  private static UnifiedJedis raw;
  private static RedisSession session;

  @BeforeAll
  static void startAFullServer() {
    server = RedisServer.start("--maxmemory", "2mb", "--maxmemory-policy", "noeviction");
    raw = RawClient.open(server.uri());
    session = RedisConnections.create(server.uri());
  }

  @AfterAll
  static void stop() {
    session.close();
    raw.close();
    server.close();
  }

  /** Writes values of shrinking sizes until even a small one is refused: memory is full. */
  private static void fillMemory() {
    int n = 0;
    for (int size : new int[] {64 * 1024, 1024, 16}) {
      String chunk = "x".repeat(size);
      for (boolean full = false; !full; n++) {
        if (n > 100_000) {
          throw new AssertionError("2 MB of memory did not fill");
        }
        try {
          raw.set("filler:" + n, chunk);
        } catch (JedisDataException refused) {
          assertThat(refused.getMessage()).startsWith("OOM");
          full = true;
        }
      }
    }
  }

  @Test
  void acquireAndRelease_outOfMemory_sayOomAndWriteNothing() {
    HashDSpinlock held = new HashDSpinlock("refused-release", session).acquire();
    String heldBefore = raw.get(held.getKey());
    fillMemory();
    try {
      HashDSpinlock lock = new HashDSpinlock("refused", session);
      assertThatThrownBy(lock::acquire)
          .isInstanceOf(RedisRefusedException.class)
          .isNotInstanceOf(AtomicQueryInvalidStateException.class)
          .hasMessageContaining("OOM")
          .hasMessageContaining(lock.getKey());
      assertThat(raw.exists(lock.getKey())).isFalse();
      assertThat(raw.exists("{" + lock.getKey() + "}:fence")).isFalse();

      assertThatThrownBy(held::close)
          .isInstanceOf(RedisRefusedException.class)
          .hasMessageContaining("OOM");
      assertThat(raw.get(held.getKey())).as("still BLOCKED, as it was").isEqualTo(heldBefore);
      assertThat(raw.pttl(held.getKey()))
          .as("its lease, not the COMPUTED expiry")
          .isLessThan(31_000);
    } finally {
      raw.flushAll();
    }
  }
}
