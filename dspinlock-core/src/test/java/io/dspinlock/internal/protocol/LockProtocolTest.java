package io.dspinlock.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.AtomicQueryInvalidStateException;
import io.dspinlock.DSpinlockException;
import io.dspinlock.FailIfKeyExistsIsEnabledException;
import io.dspinlock.InvalidValueEncounteredDuringUnpackingException;
import io.dspinlock.SpinlockTriesExceededException;
import io.dspinlock.internal.connection.JedisGateway;
import io.dspinlock.internal.scripts.Outcome;
import io.dspinlock.internal.scripts.Script;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * The one retry decision, {@link LockProtocol#decide}, driven with each outcome of the acquire
 * script; no Redis is asked (the session's client never connects).
 */
class LockProtocolTest {
  private static final String KEY = "dspinlock,decide";
  private static final String HOLDER =
      "18b29dc6-208e-4456-a323-bc911e8ac18c,2026-11-27T22:41:07+00:00,0";

  private final SessionCore session =
      new SessionCore(new JedisGateway(nowhere(), true, "nowhere", false), false);

  @SuppressWarnings("deprecation") // the one public UnifiedJedis constructor of Jedis 6, 7 and 8
  private static UnifiedJedis nowhere() {
    return new UnifiedJedis(
        new PooledConnectionProvider(new HostAndPort("127.0.0.1", 1)), 1, Duration.ofSeconds(1));
  }

  private final LockProtocol protocol =
      new LockProtocol(
          session,
          LockSettings.of(
              KEY,
              "0f8c3a52-7d41-4e3b-9a0c-5b1f2e6d7a90,2026-11-28T03:40:00.123456+00:00",
              3,
              Duration.ofMillis(500),
              Duration.ofSeconds(30),
              Duration.ofMinutes(30),
              Duration.ofHours(1),
              false,
              false,
              0,
              Duration.ofSeconds(1),
              false,
              () -> session),
          raw -> "found " + raw);

  @AfterEach
  void closeSession() {
    session.close();
  }

  private static Script.Reply reply(Outcome outcome, Object... details) {
    Object[] fields = new Object[details.length + 1];
    fields[0] = outcome.name();
    System.arraycopy(details, 0, fields, 1, details.length);
    return new Script.Reply(outcome, List.of(fields));
  }

  private LockProtocol.Step decide(Script.Reply reply, int tries) {
    return protocol.decide(reply, 42L, tries, Budget.tries(3), System.nanoTime());
  }

  @Test
  void decide_acquired_endsHeldWithTheTokenAndTheSendTime() {
    assertThat(decide(reply(Outcome.ACQUIRED, 7L), 1))
        .isEqualTo(new Acquisition(Acquisition.Kind.ACQUIRED, 7, 42, 1));
  }

  @Test
  void decide_ours_endsAsReentered() {
    Acquisition a = (Acquisition) decide(reply(Outcome.OURS, 9L), 1);
    assertThat(a.kind()).isEqualTo(Acquisition.Kind.REENTERED);
    assertThat(a.token()).isEqualTo(9);
    assertThat(a.held()).isTrue();
  }

  @Test
  void decide_computed_endsWithoutHolding() {
    Acquisition a = (Acquisition) decide(reply(Outcome.COMPUTED, "v"), 1);
    assertThat(a.kind()).isEqualTo(Acquisition.Kind.COMPUTED);
    assertThat(a.held()).isFalse();
  }

  @Test
  void decide_blockedWithTriesLeft_waitsTheSleepOrLessWhenTheLeaseEndsSooner() {
    assertThat(((LockProtocol.Wait) decide(reply(Outcome.BLOCKED, HOLDER, 30_000L), 1)).nanos())
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(((LockProtocol.Wait) decide(reply(Outcome.BLOCKED, HOLDER, 20L), 2)).nanos())
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(21));
  }

  @Test
  void decide_blockedWithTriesSpent_throwsTriesExceededNamingKeyAndHolder() {
    assertThatThrownBy(() -> decide(reply(Outcome.BLOCKED, HOLDER, 30_000L), 3))
        .isInstanceOf(SpinlockTriesExceededException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining(HOLDER);
  }

  @Test
  void decide_blockedPastADeadline_throwsTriesExceeded() {
    Budget spent = Budget.within(Duration.ZERO);
    assertThatThrownBy(() -> protocol.decide(reply(Outcome.BLOCKED, HOLDER, 1L), 0, 1, spent, 0))
        .isInstanceOf(SpinlockTriesExceededException.class);
  }

  @Test
  void decide_exists_throwsFailIfKeyExists() {
    assertThatThrownBy(() -> decide(reply(Outcome.EXISTS, HOLDER), 1))
        .isInstanceOf(FailIfKeyExistsIsEnabledException.class)
        .hasMessageContaining(KEY);
  }

  @Test
  void decide_invalidOrWrongType_throwsNamingWhatWasFound() {
    assertThatThrownBy(() -> decide(reply(Outcome.INVALID, "a,b,c,d"), 1))
        .isInstanceOf(InvalidValueEncounteredDuringUnpackingException.class)
        .hasMessageContaining("a,b,c,d");
    assertThatThrownBy(() -> decide(reply(Outcome.WRONGTYPE, KEY + " is a list"), 1))
        .isInstanceOf(AtomicQueryInvalidStateException.class)
        .hasMessageContaining("is a list");
  }

  @Test
  void decide_anOutcomeTheAcquireScriptNeverGives_throws() {
    assertThatThrownBy(() -> decide(reply(Outcome.RELEASED), 1))
        .isInstanceOf(DSpinlockException.class)
        .hasMessageContaining("acquire.lua");
  }
}
