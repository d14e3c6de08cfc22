package io.dspinlock.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The memory the processes of one W4 run share: a small file, in {@code /dev/shm} where there is
 * one, mapped by every process. The parent drives the run through its state; the holder of the lock
 * under test writes the probe fields (holder, counter, release stamp) while it holds the lock, and
 * only then, so that the lock alone orders them: a second writer is an overlap.
 *
 * <p>Every access goes through a {@link VarHandle} view of the mapped bytes, in native order, with
 * acquire/release or opaque semantics: each is one plain load or store on x86, a few nanoseconds,
 * and the JIT may neither drop nor merge them. The state lives on a cache line of its own, away
 * from the fields the holder writes at every acquisition.
 */
final class SharedArea {
  /** The processes connect and wait. */
  static final long STARTING = 0;

  /** The processes contend; nothing is counted yet. */
  static final long WARMUP = 1;

  /** The processes contend and count. */
  static final long MEASURE = 2;

  /** The processes finish the cycle they are in, report and exit. */
  static final long STOP = 3;

  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private static final int STATE = 0;
  private static final int HOLDER = 64;
  private static final int COUNTER = 72;
  private static final int RELEASED_AT = 80;
  private static final int RELEASER = 88;
  private static final int PROCESSES = 128; // per process: ready, warmed-up threads, JIT ms
  private static final int STRIDE = 24;

  private final MappedByteBuffer bytes;

  private SharedArea(MappedByteBuffer bytes) {
    this.bytes = bytes;
  }

  /**
   * Creates (or empties) the file of a run, sized for its processes: state STARTING, no holder,
   * counter 0, no releaser yet.
   *
   * @param file the file
   * @param processes how many processes will report ready
   * @return the mapped area
   */
  static SharedArea create(Path file, int processes) throws IOException {
    Files.deleteIfExists(file);
    SharedArea area = map(file, PROCESSES + (long) STRIDE * processes, true);
    area.setReleased(0, -1);
    return area;
  }

  /**
   * Maps the file a parent created.
   *
   * @param file the file
   * @return the mapped area
   */
  static SharedArea open(Path file) throws IOException {
    return map(file, Files.size(file), false);
  }

  private static SharedArea map(Path file, long size, boolean create) throws IOException {
    StandardOpenOption[] options =
        create
            ? new StandardOpenOption[] {
              StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE
            }
            : new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
    try (FileChannel ch = FileChannel.open(file, options)) {
      // The mapping outlives the channel; a new file's bytes read as zeros.
      return new SharedArea(ch.map(FileChannel.MapMode.READ_WRITE, 0, size));
    }
  }

  /** The directory for the files: {@code /dev/shm} (memory) where it exists, else the temp dir. */
  static Path directory() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  long state() {
    return (long) LONGS.getAcquire(bytes, STATE);
  }

  void setState(long state) {
    LONGS.setRelease(bytes, STATE, state);
  }

  /** Marks a process as connected and ready to contend. */
  void setReady(int process) {
    LONGS.setRelease(bytes, PROCESSES + STRIDE * process, 1L);
  }

  /** {@return how many of the first {@code processes} processes are ready} */
  int readyCount(int processes) {
    int n = 0;
    for (int i = 0; i < processes; i++) {
      n += (long) LONGS.getAcquire(bytes, PROCESSES + STRIDE * i) != 0 ? 1 : 0;
    }
    return n;
  }

  /** Counts a thread of a process that has taken the lock once: its first acquisition is done. */
  void addWarmed(int process) {
    LONGS.getAndAdd(bytes, PROCESSES + STRIDE * process + 8, 1L);
  }

  /** Records how long the JIT compilers of a process have compiled so far, ms. */
  void setCompileMillis(int process, long millis) {
    LONGS.setRelease(bytes, PROCESSES + STRIDE * process + 16, millis);
  }

  /** {@return how long the JIT compilers of the first {@code processes} processes compiled, ms} */
  long compileMillis(int processes) {
    long sum = 0;
    for (int i = 0; i < processes; i++) {
      sum += (long) LONGS.getAcquire(bytes, PROCESSES + STRIDE * i + 16);
    }
    return sum;
  }

  /** {@return how many threads of the first {@code processes} processes have not taken the lock} */
  long coldThreads(int processes, int threads) {
    long cold = 0;
    for (int i = 0; i < processes; i++) {
      cold += Math.max(0, threads - (long) LONGS.getAcquire(bytes, PROCESSES + STRIDE * i + 8));
    }
    return cold;
  }

  /** {@return the id of the thread in the critical section, 0 for none} */
  long holder() {
    return (long) LONGS.getOpaque(bytes, HOLDER);
  }

  void setHolder(long id) {
    LONGS.setOpaque(bytes, HOLDER, id);
  }

  /** {@return the counter the critical sections increment, non-atomically on purpose} */
  long counter() {
    return (long) LONGS.getOpaque(bytes, COUNTER);
  }

  void setCounter(long value) {
    LONGS.setOpaque(bytes, COUNTER, value);
  }

  /** {@return the {@link System#nanoTime()} the last holder wrote just before its unlock} */
  long releasedAt() {
    return (long) LONGS.getAcquire(bytes, RELEASED_AT);
  }

  /** {@return the index of the process that released last, -1 before the first release} */
  long releaser() {
    return (long) LONGS.getAcquire(bytes, RELEASER);
  }

  /**
   * Stamps a release: the time first, then the process, each with release semantics.
   *
   * @param nanos {@link System#nanoTime()}, CLOCK_MONOTONIC, comparable across processes on Linux
   * @param process the releasing process' index
   */
  void setReleased(long nanos, long process) {
    LONGS.setRelease(bytes, RELEASED_AT, nanos);
    LONGS.setRelease(bytes, RELEASER, process);
  }
}
