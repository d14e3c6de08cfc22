package io.dspinlock.internal.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripts' sources, and the decoding of their replies, without Redis. */
class ScriptTest {
  @Test
  void source_hasItsIncludesExpanded_andTheSharedPartsOnce() {
    for (Script s : Script.values()) {
      assertThat(s.source()).doesNotContain("--@include");
    }
    assertThat(Script.ACQUIRE.source()).contains("redis.pcall('INCRBY', counter, 2)");
    assertThat(Script.HANDOFF.source()).contains("redis.pcall('INCRBY', counter, 2)");
    assertThat(Script.RELEASE.source()).contains("local released =");
    // An include may include others: grant_head brings next_token into the release.
    assertThat(Script.RELEASE.source()).contains("redis.pcall('INCRBY', counter, 2)");
  }

  @Test
  void shardedSource_announcesWithinTheShard_andDiffersInNothingElse() {
    for (Script s : Script.values()) {
      String sharded = s.shardedSource();
      assertThat(sharded).doesNotContain("'PUBLISH'").doesNotContain("'NUMSUB'");
      assertThat(sharded.replace("'SPUBLISH'", "'PUBLISH'").replace("'SHARDNUMSUB'", "'NUMSUB'"))
          .isEqualTo(s.source());
    }
    assertThat(Script.RELEASE.shardedSource()).contains("'SPUBLISH'").contains("'SHARDNUMSUB'");
    assertThat(Script.ACQUIRE.shardedSource()).contains("'SPUBLISH'"); // its grants
  }

  @Test
  void decode_integerOfATokenScript_isItsOneOutcomeWithTheTokenAsDetail() {
    Script.Reply r = Script.ACQUIRE.decode(1234L);
    assertThat(r.outcome()).isEqualTo(Outcome.ACQUIRED);
    assertThat(r.number(1)).isEqualTo(1234);
    assertThat(Script.HANDOFF.decode(5L).outcome()).isEqualTo(Outcome.HANDED);
  }

  @Test
  void decode_integerOfAnIndexedScript_namesTheOutcome_andRefusesOthers() {
    assertThat(Script.RELEASE.decode(1L).outcome()).isEqualTo(Outcome.RELEASED);
    assertThat(Script.RELEASE.decode(2L).outcome()).isEqualTo(Outcome.ALREADY);
    assertThat(Script.RENEW.decode(1L).outcome()).isEqualTo(Outcome.RENEWED);
    assertThatThrownBy(() -> Script.RELEASE.decode(3L)).hasMessageContaining("release.lua");
    assertThatThrownBy(() -> Script.DELETE.decode(1L)).hasMessageContaining("delete.lua");
  }

  @Test
  void decode_table_readsTheWordAndTheDetails() {
    byte[] value = "u,t,0".getBytes(StandardCharsets.UTF_8);
    Script.Reply r =
        Script.ACQUIRE.decode(List.of("BLOCKED".getBytes(StandardCharsets.UTF_8), value, 25L));
    assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
    assertThat(r.text(1)).isEqualTo("u,t,0");
    assertThat(r.number(2)).isEqualTo(25);
    assertThat(r.text(3)).isNull();
    assertThat(r).hasToString("[BLOCKED, u,t,0, 25]");
  }

  @Test
  void decode_unknownWordOrEmptyReply_throwsNamingTheScript() {
    assertThatThrownBy(() -> Script.ACQUIRE.decode(List.of("MAYBE")))
        .hasMessageContaining("acquire.lua")
        .hasMessageContaining("MAYBE");
    assertThatThrownBy(() -> Script.ACQUIRE.decode(List.of())).hasMessageContaining("acquire.lua");
    assertThatThrownBy(() -> Script.ACQUIRE.decode("OK")).hasMessageContaining("acquire.lua");
  }

  @Test
  void decode_inspect_isTheFactsAsTheyCame() {
    Script.Reply r = Script.INSPECT.decode(List.of("string", "u,t,1", -1L, "7"));
    assertThat(r.outcome()).isEqualTo(Outcome.FACTS);
    assertThat(r.text(0)).isEqualTo("string");
    assertThat(r.number(3)).isEqualTo(7);
  }
}
