package io.dspinlock.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The companions of a lock key, all in its Redis Cluster hash slot. */
class LockKeysTest {
  private static final String KEY = "dspinlock,50d858e0985ecc7f";

  @Test
  void companions_wrapTheWholeKey_andShareItsSlot() {
    assertThat(LockKeys.fence(KEY)).isEqualTo("{" + KEY + "}:fence");
    assertThat(LockKeys.result(KEY)).isEqualTo("{" + KEY + "}:result");
    assertThat(LockKeys.channel(KEY)).isEqualTo(KEY);
    int slot = JedisClusterCRC16.getSlot(KEY);
    assertThat(JedisClusterCRC16.getSlot(LockKeys.fence(KEY))).isEqualTo(slot);
    assertThat(JedisClusterCRC16.getSlot(LockKeys.result(KEY))).isEqualTo(slot);
  }

  @Test
  void slotPart_ofAKeyWithAHashTag_isTheTag() {
    assertThat(LockKeys.slotPart("a{tag}b")).isEqualTo("tag");
    assertThat(LockKeys.fence("a{tag}b")).isEqualTo("{tag}:fence");
  }

  @Test
  void slotPart_emptyOrUnbalanced_isRefused() {
    assertThatThrownBy(() -> LockKeys.slotPart("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LockKeys.slotPart("a{b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unbalanced");
  }
}
