package io.dspinlock.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second JVM running a {@code main} class of the test classpath, with its output captured to a
 * file, for tests that need several processes, signals and kill -9.
 */
public final class JvmProcess implements AutoCloseable {
  private final Process process;
  private final Path output;

  private JvmProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /**
   * Starts {@code main} in a new JVM with this JVM's classpath.
   *
   * @param main the class whose {@code main} runs
   * @param env extra environment variables
   * @param args the program's arguments
   * @return the running process
   */
  public static JvmProcess start(Class<?> main, Map<String, String> env, String... args) {
    return startWithClasspath(classpath(), main.getName(), env, args);
  }

  /**
   * Starts a main class in a new JVM with a given classpath.
   *
   * @param classpath the classpath
   * @param mainClass the name of the class whose {@code main} runs
   * @param env extra environment variables
   * @param args the program's arguments
   * @return the running process
   */
  public static JvmProcess startWithClasspath(
      String classpath, String mainClass, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("dspinlock-jvm-", ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.redirectOutput(out.toFile());
      // Children log diagnostics only when the test asks for it, whatever this JVM inherited.
      pb.environment().remove("SL_LOG_ENABLED");
      pb.environment().putAll(env);
      return new JvmProcess(pb.start(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the classpath of the tests: what surefire and failsafe put on it.
   *
   * @return a path list
   */
  public static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /**
   * Opens the start gate of worker processes: waits until {@code processes} of them have pushed
   * their id to the list {@code <name>:ready}, then pushes one "go" each to {@code <name>:gate},
   * which they wait on with BLPOP.
   *
   * @param redis a client of the test's server
   * @param name the workers' lock name
   * @param processes how many workers
   */
  public static void openGate(redis.clients.jedis.UnifiedJedis redis, String name, int processes) {
    org.awaitility.Awaitility.await("all workers at the start gate")
        .atMost(TestTimeouts.seconds(60))
        .until(() -> redis.llen(name + ":ready") == processes);
    for (int i = 0; i < processes; i++) {
      redis.rpush(name + ":gate", "go");
    }
  }

  /**
   * Waits, in a worker process, at the start gate that {@link #openGate} opens: pushes {@code id}
   * to {@code <name>:ready}, then waits for a "go" on {@code <name>:gate}.
   *
   * @param redis a client of the test's server
   * @param name the workers' lock name
   * @param id this worker's id
   * @throws IllegalStateException if no "go" comes within 60 s
   */
  public static void waitAtGate(redis.clients.jedis.UnifiedJedis redis, String name, String id) {
    redis.rpush(name + ":ready", id);
    if (redis.blpop(60, name + ":gate") == null) {
      throw new IllegalStateException("no start signal within 60 s");
    }
  }

  /** Returns the process id. */
  public long pid() {
    return process.pid();
  }

  /** Returns the underlying process. */
  public Process process() {
    return process;
  }

  /**
   * Waits for the process to end.
   *
   * @param timeout the longest wait; the process is killed after it
   * @return the exit status
   * @throws IllegalStateException if it did not end in time, with its output
   */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("JVM did not end within " + timeout + ":\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns everything the process wrote so far.
   *
   * @return its standard output and error
   */
  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Kills the process with SIGKILL. */
  public void kill() {
    process.destroyForcibly();
  }

  /**
   * Sends a signal with {@code kill(1)}. {@code STOP} returns once every thread of the process is
   * stopped: the kernel stops the threads of a process one by one, as each is next scheduled, so on
   * a loaded machine some may run on for milliseconds after {@code kill} returned (long enough to
   * take a lock the test meant them to miss).
   *
   * @param signal e.g. {@code STOP}, {@code CONT}
   */
  public void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
      }
      if (signal.equals("STOP")) {
        awaitEveryThreadStopped();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until every thread of the process is in the stopped state of /proc ('T'). */
  private void awaitEveryThreadStopped() {
    Path tasks = Path.of("/proc", Long.toString(pid()), "task");
    await("every thread of process " + pid() + " stopped")
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> everyThreadStopped(tasks));
  }

  private static boolean everyThreadStopped(Path tasks) throws IOException {
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) threads::iterator) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (NoSuchFileException ended) {
          continue; // a thread that ended meanwhile
        }
        // "pid (comm) S ...": the state follows the last ')', since comm may hold any character.
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        if (state != 'T' && state != 't') {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(output);
    } catch (IOException ignored) {
      // a temp file; the OS cleans up
    }
  }
}
