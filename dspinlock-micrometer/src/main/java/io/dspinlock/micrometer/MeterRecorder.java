package io.dspinlock.micrometer;

import io.dspinlock.LockObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The observer that {@link DSpinlockMetrics} registers for one {@link MeterRegistry}: it turns each
 * lock event into a meter update.
 *
 * <p>Meters are looked up once per lock name and kept ({@link LockMeters}), so an event costs a map
 * read and an array read, not a meter id built and registered each time. Lock names are bounded by
 * design ({@code LockOptionsBuilder.name}), so the cache is too.
 */
final class MeterRecorder implements LockObserver {
  private static final LockObserver.Outcome[] OUTCOMES = LockObserver.Outcome.values();
  private static final LostReason[] REASONS = LostReason.values();

  private final MeterRegistry registry;
  private final Tags tags;
  private final ConcurrentHashMap<String, LockMeters> byLock = new ConcurrentHashMap<>();
  private final HeldLocks held = new HeldLocks();
  // Set before the recorder leaves the session: an event already on its way is then ignored.
  private volatile boolean closed;

  MeterRecorder(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
  }

  @Override
  public void acquisition(
      String lockName, String key, Outcome outcome, int tries, Duration waited) {
    if (closed) {
      return;
    }
    LockMeters meters = meters(lockName);
    meters.acquire(outcome).record(waited);
    if (outcome == Outcome.ACQUIRED) {
      held.acquired(key, meters.held());
    }
  }

  @Override
  public void released(String lockName, String key, Duration heldFor) {
    if (!closed) {
      held.released(key, heldFor);
    }
  }

  @Override
  public void renewalFailed(String lockName, String key, String reason) {
    if (!closed) {
      meters(lockName).renewalFailures().increment();
    }
  }

  @Override
  public void lost(String lockName, String key, String reason) {
    if (closed) {
      return;
    }
    held.lost(key);
    meters(lockName).lost(LostReason.of(reason)).increment();
  }

  /** Stops recording and ends the open holds, so that no task stays active forever. */
  void close() {
    closed = true;
    held.stopAll();
  }

  private LockMeters meters(String lockName) {
    LockMeters m = byLock.get(lockName);
    return m != null ? m : byLock.computeIfAbsent(lockName, LockMeters::new);
  }

  /** The meters of one lock name, each registered on first use. */
  private final class LockMeters {
    private final Tags lockTags;
    private final AtomicReferenceArray<Timer> acquire = new AtomicReferenceArray<>(OUTCOMES.length);
    private final AtomicReferenceArray<Counter> lost = new AtomicReferenceArray<>(REASONS.length);
    private volatile LongTaskTimer held;
    private volatile Counter renewalFailures;

    LockMeters(String lockName) {
      this.lockTags = tags.and(DSpinlockMetrics.TAG_LOCK, lockName);
    }

    Timer acquire(Outcome outcome) {
      return cached(
          acquire,
          outcome.ordinal(),
          () ->
              Timer.builder(DSpinlockMetrics.ACQUIRE)
                  .description("Time to acquire a lock, by how the acquisition ended")
                  .tags(lockTags)
                  .tag(DSpinlockMetrics.TAG_OUTCOME, outcome.name().toLowerCase(Locale.ROOT))
                  .register(registry));
    }

    Counter lost(LostReason reason) {
      return cached(
          lost,
          reason.ordinal(),
          () ->
              Counter.builder(DSpinlockMetrics.LOST)
                  .description("Held locks lost before their release, by reason")
                  .tags(lockTags)
                  .tag(DSpinlockMetrics.TAG_REASON, reason.tag())
                  .register(registry));
    }

    LongTaskTimer held() {
      LongTaskTimer t = held;
      if (t == null) {
        // A race registers twice; the registry returns the same meter both times.
        t =
            LongTaskTimer.builder(DSpinlockMetrics.HELD)
                .description("Locks held now, and for how long")
                .tags(lockTags)
                .register(registry);
        held = t;
      }
      return t;
    }

    Counter renewalFailures() {
      Counter c = renewalFailures;
      if (c == null) {
        c =
            Counter.builder(DSpinlockMetrics.RENEWAL_FAILURES)
                .description(
                    "Lease renewals that Redis did not answer; retried while the lease lasts")
                .tags(lockTags)
                .register(registry);
        renewalFailures = c;
      }
      return c;
    }
  }

  /** Returns the meter at {@code i}, registering it on first use; a race registers it twice. */
  private static <M> M cached(AtomicReferenceArray<M> slots, int i, Supplier<M> register) {
    M m = slots.get(i);
    if (m == null) {
      m = register.get();
      slots.set(i, m);
    }
    return m;
  }
}
