package io.dspinlock.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The held-lock bookkeeping, with events in the orders a handoff or a loss can tell them. */
class HeldLocksTest {
  private final LongTaskTimer timer =
      LongTaskTimer.builder("held").register(new SimpleMeterRegistry());
  private final HeldLocks held = new HeldLocks();

  @Test
  void released_afterAcquired_endsTheHold() {
    held.acquired("k", timer);
    held.released("k", Duration.ofMillis(5));
    assertThat(timer.activeTasks()).isZero();
  }

  @Test
  void released_ofAnUnknownKey_isIgnored() {
    held.released("k", Duration.ofMillis(5));
    held.lost("k");
    assertThat(timer.activeTasks()).isZero();
  }

  @Test
  void acquired_beforeThePreviousHoldersReleaseIsTold_keepsTheNewHolder() throws Exception {
    long firstSince = System.nanoTime();
    held.acquired("k", timer);
    Thread.sleep(20);
    long secondSince = System.nanoTime();
    held.acquired("k", timer); // handed over: the releaser's event comes second
    assertThat(timer.activeTasks()).isEqualTo(1);
    held.released("k", since(firstSince));
    assertThat(timer.activeTasks()).isEqualTo(1);
    held.released("k", since(secondSince));
    assertThat(timer.activeTasks()).isZero();
  }

  @Test
  void released_afterReplacingAStaleHold_endsTheNewHold() throws Exception {
    held.acquired("k", timer); // its release is never told
    Thread.sleep(20);
    long since = System.nanoTime();
    held.acquired("k", timer);
    Thread.sleep(5);
    held.released("k", since(since));
    assertThat(timer.activeTasks()).isZero();
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  @Test
  void lost_ofThePreviousHolderAfterANewAcquisition_keepsTheNewHolder() {
    held.acquired("k", timer);
    held.acquired("k", timer); // the key was deleted and a waiter took it
    held.lost("k"); // the first holder's renewal notices
    assertThat(timer.activeTasks()).isEqualTo(1);
    held.lost("k");
    assertThat(timer.activeTasks()).isZero();
  }

  @Test
  void stopAll_endsEveryHold() {
    held.acquired("a", timer);
    held.acquired("b", timer);
    held.stopAll();
    assertThat(timer.activeTasks()).isZero();
  }
}
