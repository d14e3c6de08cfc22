package io.dspinlock.micrometer;

import io.dspinlock.LockObserver;
import io.dspinlock.RedisSession;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records what the locks of a {@link RedisSession} do in a Micrometer {@link MeterRegistry}: a
 * {@link MeterBinder} over the session's {@link LockObserver} hook, usable with or without Spring.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * try (RedisSession session = RedisConnections.create("redis://localhost:6379/0");
 *     DSpinlockMetrics metrics = new DSpinlockMetrics(session, Tags.of("app", "billing"))) {
 *   metrics.bindTo(registry);
 *   try (HashDSpinlock lock =
 *       HashDSpinlock.builder("report:2026-11").session(session).build().acquire()) {
 *     // dspinlock.held{lock="report"} counts one active task here
 *   }
 * }
 * }</pre>
 *
 * <p>The meters, each tagged {@value #TAG_LOCK} with the lock's bounded name ({@code
 * LockOptionsBuilder.name}, by default a {@code String} value's text before its first {@code ':'})
 * and with the extra tags given here:
 *
 * <ul>
 *   <li>{@value #ACQUIRE}, a timer of the time from the call to the end of each acquisition, tagged
 *       {@value #TAG_OUTCOME}: {@code acquired}, {@code cached}, {@code tries_exceeded}, {@code
 *       fail_if_exists}, {@code timeout} or {@code error}. A re-entry into a lock already held is
 *       not an acquisition.
 *   <li>{@value #HELD}, a long task timer of the locks held now, from their acquisition to their
 *       release or loss.
 *   <li>{@value #LOST}, a counter of held locks lost, tagged {@value #TAG_REASON}: {@code expired}
 *       (the key expired, was deleted or evicted), {@code taken} (another holder has it), {@code
 *       unreachable} (Redis did not answer until the lease ran out), {@code max_block_time}, {@code
 *       replicas} (too few replicas confirmed a renewal), {@code session_closed} or {@code other}.
 *   <li>{@value #RENEWAL_FAILURES}, a counter of lease renewals that Redis did not answer (each is
 *       retried while the lease lasts).
 * </ul>
 *
 * <p>Meters are registered on first use, so a lock name appears once one of its locks is used.
 * Histograms and percentiles are left to the registry's {@code MeterFilter}s. A lock held when the
 * metrics are bound is not counted as held; one held when they are closed stops being counted.
 *
 * <p>Thread-safe. Recording runs on the thread of each lock event and costs a map read and a meter
 * update; {@link #bindTo} may be called for several registries, each recorded separately.
 */
public final class DSpinlockMetrics implements MeterBinder, AutoCloseable {
  /** Name of the timer of acquisitions. */
  public static final String ACQUIRE = "dspinlock.acquire";

  /** Name of the long task timer of held locks. */
  public static final String HELD = "dspinlock.held";

  /** Name of the counter of lost locks. */
  public static final String LOST = "dspinlock.lost";

  /** Name of the counter of failed lease renewals. */
  public static final String RENEWAL_FAILURES = "dspinlock.renewal.failures";

  /** Tag of every meter: the lock's bounded name. */
  public static final String TAG_LOCK = "lock";

  /** Tag of {@value #ACQUIRE}: how the acquisition ended. */
  public static final String TAG_OUTCOME = "outcome";

  /** Tag of {@value #LOST}: why the lock was lost. */
  public static final String TAG_REASON = "reason";

  private final RedisSession session;
  private final Tags tags;
  private final List<MeterRecorder> recorders = new ArrayList<>(); // guarded by this
  private boolean closed; // guarded by this

  /**
   * Creates the metrics of a session's locks; nothing is recorded until {@link #bindTo}.
   *
   * @param session the session whose locks are measured
   * @throws NullPointerException if {@code session} is null
   */
  public DSpinlockMetrics(RedisSession session) {
    this(session, Tags.empty());
  }

  /**
   * Creates the metrics of a session's locks, with extra tags on every meter; nothing is recorded
   * until {@link #bindTo}.
   *
   * @param session the session whose locks are measured
   * @param tags tags added to every meter, such as the application's name
   * @throws NullPointerException if {@code session} or {@code tags} is null
   */
  public DSpinlockMetrics(RedisSession session, Iterable<Tag> tags) {
    this.session = Objects.requireNonNull(session, "session");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Starts recording the session's lock events in {@code registry}, by registering an observer on
   * the session ({@link RedisSession#addObserver}).
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalStateException if these metrics were closed
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (closed) {
      throw new IllegalStateException("these dspinlock metrics were closed: create new ones");
    }
    MeterRecorder recorder = new MeterRecorder(registry, tags);
    recorders.add(recorder);
    session.addObserver(recorder);
  }

  /**
   * Stops recording in every registry: the observers leave the session and the locks still counted
   * as held stop being counted. The meters stay registered with their values. Calling it again does
   * nothing.
   */
  @Override
  public synchronized void close() {
    closed = true;
    for (MeterRecorder recorder : recorders) {
      recorder.close();
      session.removeObserver(recorder);
    }
    recorders.clear();
  }
}
