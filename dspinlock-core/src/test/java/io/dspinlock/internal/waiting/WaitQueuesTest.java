package io.dspinlock.internal.waiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.internal.scripts.LockCalls;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queues of one session and the handoff states of a waiter, without Redis. */
class WaitQueuesTest {
  private static final String KEY = "dspinlock,queue";
  private static final LockCalls CALLS =
      LockCalls.of(
          KEY, "u,2026-11-28T03:40:00+00:00", 30_000, 1_800_000, 3_600_000, false, false, null);

  private final List<String> events = new ArrayList<>();
  private final WaitQueues queues =
      new WaitQueues(
          new KeyWatcher() {
            @Override
            public void firstWaiter(String key) {
              events.add("first " + key);
            }

            @Override
            public void lastWaiterGone(String key) {
              events.add("last " + key);
            }
          });

  /** A waiter that counts its wakes. */
  private static final class Counting extends Waiter {
    int wakes;

    Counting(LockCalls handoff) {
      super(handoff);
    }

    @Override
    public void wake() {
      wakes++;
    }
  }

  @Test
  void join_firstIsHead_laterOnesQueueBehind_andTheWatcherHearsFirstAndLast() {
    Counting a = new Counting(CALLS);
    Counting b = new Counting(CALLS);
    assertThat(queues.hasWaiters(KEY)).isFalse();
    assertThat(queues.join(KEY, a)).isTrue();
    assertThat(queues.join(KEY, b)).isFalse();
    queues.leave(KEY, a, true);
    queues.leave(KEY, b, true);
    assertThat(queues.hasWaiters(KEY)).isFalse();
    assertThat(events).containsExactly("first " + KEY, "last " + KEY);
  }

  @Test
  void leave_aHeadThatDidNotTakeTheLock_wakesTheNext() {
    Counting a = new Counting(CALLS);
    Counting b = new Counting(CALLS);
    queues.join(KEY, a);
    queues.join(KEY, b);
    queues.leave(KEY, a, false);
    assertThat(b.wakes).isEqualTo(1);
    queues.join(KEY, a);
    queues.leave(KEY, b, true);
    assertThat(a.wakes).isZero();
  }

  @Test
  void released_movesTheEpoch_andWakesOnlyTheHead() {
    Counting a = new Counting(CALLS);
    Counting b = new Counting(CALLS);
    queues.join(KEY, a);
    queues.join(KEY, b);
    long before = queues.releaseEpoch(KEY);
    queues.released(KEY);
    assertThat(queues.releaseEpoch(KEY)).isGreaterThan(before);
    assertThat(a.wakes).isEqualTo(1);
    assertThat(b.wakes).isZero();
  }

  @Test
  void claimHandoff_takesTheHeadOnce_andNotOneThatTakesNoHandoff() {
    Counting cached = new Counting(null);
    queues.join(KEY, cached);
    assertThat(queues.claimHandoff(KEY, true)).isNull();
    queues.leave(KEY, cached, false);
    Counting a = new Counting(CALLS);
    queues.join(KEY, a);
    assertThat(queues.claimHandoff(KEY, true)).isSameAs(a);
    assertThat(a.isClaimed()).isTrue();
    assertThat(queues.claimHandoff(KEY, true)).isNull();
  }

  @Test
  void claimHandoff_afterItsFillInARow_letsOneReleaseThrough() {
    List<Counting> waiting = new ArrayList<>();
    for (int i = 0; i <= WaitQueues.MAX_HANDOFFS; i++) {
      Counting w = new Counting(CALLS);
      waiting.add(w);
      queues.join(KEY, w);
    }
    for (int i = 0; i < WaitQueues.MAX_HANDOFFS; i++) {
      Counting w = waiting.get(i);
      assertThat(queues.claimHandoff(KEY, true)).isSameAs(w);
      w.grant(i, 0);
      queues.leave(KEY, w, true);
    }
    Counting last = waiting.get(WaitQueues.MAX_HANDOFFS);
    assertThat(queues.claimHandoff(KEY, true)).isNull();
    assertThat(queues.claimHandoff(KEY, true)).isSameAs(last);
  }

  @Test
  void waiter_claimGrantDecline_eachWake_andAClaimBlocksClosing() {
    Counting w = new Counting(CALLS);
    assertThat(w.claim()).isTrue();
    assertThat(w.close()).isFalse();
    w.decline();
    assertThat(w.isClaimed()).isFalse();
    assertThat(w.claim()).isTrue();
    w.grant(77, 5);
    assertThat(w.isGranted()).isTrue();
    assertThat(w.grantedToken()).isEqualTo(77);
    assertThat(w.grantedSentAt()).isEqualTo(5);
    assertThat(w.close()).isFalse();
    assertThat(w.wakes).isEqualTo(2);
    Counting open = new Counting(CALLS);
    assertThat(open.close()).isTrue();
    assertThat(open.claim()).isFalse();
  }
}
