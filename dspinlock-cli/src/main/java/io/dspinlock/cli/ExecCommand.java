package io.dspinlock.cli;

import io.dspinlock.DSpinlockBase;
import io.dspinlock.FailIfKeyExistsIsEnabledException;
import io.dspinlock.LockOptions;
import io.dspinlock.RedisSession;
import io.dspinlock.SpinlockTriesExceededException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Runs a command while holding a lock: {@code flock(1)} across machines. */
@Command(
    name = "exec",
    description = {
      "Run COMMAND while holding the lock on KEY, like flock(1) across machines.",
      "stdin, stdout and stderr pass through; SIGINT and SIGTERM are forwarded to COMMAND, and"
          + " the lock is released when it ends. COMMAND finds the fencing token in"
          + " $DSPINLOCK_TOKEN.",
      "Exit status: COMMAND's; 75 if the lock could not be had; 0 without running COMMAND on"
          + " the cached path (--cached-if-computed and the key is COMPUTED); 130 or 143 without"
          + " running it when SIGINT or SIGTERM came while it was being started."
    },
    mixinStandardHelpOptions = true)
final class ExecCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RedisOption redis;

  @Option(names = "--key", required = true, paramLabel = "KEY", description = "The lock's key.")
  String key;

  @Option(
      names = "--tries",
      defaultValue = "10",
      paramLabel = "N",
      description = "Attempts before giving up (default: ${DEFAULT-VALUE}).")
  int tries;

  @Option(
      names = "--sleep",
      defaultValue = "500ms",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Longest wait between attempts (default: ${DEFAULT-VALUE}).")
  Duration sleep;

  @Option(
      names = "--lease",
      defaultValue = "30s",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Lease on the server, renewed while COMMAND runs (default: ${DEFAULT-VALUE}).")
  Duration lease;

  @Option(names = "--fail-if-exists", description = "Give up at once if the key exists.")
  boolean failIfExists;

  @Option(
      names = "--cached-if-computed",
      description = "Exit 0 without running COMMAND if the key is COMPUTED (someone finished).")
  boolean cachedIfComputed;

  @Parameters(
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command and its arguments.")
  List<String> command;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (tries < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--tries must be at least 1");
    }
    PrintWriter err = spec.commandLine().getErr();
    try (RedisSession session = redis.session()) {
      LockOptions options =
          LockOptions.builder()
              .session(session)
              .failIfKeyExists(failIfExists)
              .cachedIfComputed(cachedIfComputed)
              .maxSpinlockTries(tries)
              .spinlockSleepThresh(sleep)
              .leaseTime(lease)
              .onLockLost(
                  (lock, reason) -> {
                    err.println("dspinlock: lost the lock on " + lock.getKey() + ": " + reason);
                    err.flush();
                  })
              .build();
      try (DSpinlockBase lock = CliLock.of(key, redis.keyIsRaw, options)) {
        try {
          lock.acquire();
        } catch (SpinlockTriesExceededException | FailIfKeyExistsIsEnabledException e) {
          err.println("dspinlock: " + e.getMessage());
          return Main.TEMPFAIL;
        }
        if (lock.isComputed()) {
          err.println("dspinlock: " + lock.getKey() + " is COMPUTED; not running the command");
          return 0;
        }
        return runHolding(lock.fencingToken(), err);
      }
    }
  }

  private int runHolding(long token, PrintWriter err) throws InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("DSPINLOCK_TOKEN", Long.toString(token));
    // The handlers go in before the child starts: a signal that came between its start and the
    // handlers would have ended this JVM and left the child running without the lock. They go
    // out when it ends: a later signal must not be sent to a process id that may be reused.
    Forwarder forwarder = new Forwarder();
    try {
      Integer early = forwarder.startOrRefuse(pb);
      if (early != null) {
        return early; // asked to stop before COMMAND ran: it never runs
      }
      return forwarder.child().waitFor();
    } catch (IOException e) {
      err.println("dspinlock: cannot run " + command.get(0) + ": " + e.getMessage());
      return 127;
    } finally {
      forwarder.uninstall();
    }
  }

  /** Passes INT and TERM on to the child instead of dying of them: the lock is released after. */
  private static final class Forwarder {
    private static final String[] SIGNALS = {"INT", "TERM"};
    private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];
    private Process child; // guarded by this
    private String early; // a signal that came before the child existed; guarded by this

    Forwarder() {
      for (int i = 0; i < SIGNALS.length; i++) {
        String name = SIGNALS[i];
        previous[i] = Signal.handle(new Signal(name), signal -> received(name));
      }
    }

    void uninstall() {
      for (int i = 0; i < SIGNALS.length; i++) {
        Signal.handle(new Signal(SIGNALS[i]), previous[i]);
      }
    }

    private void received(String name) {
      Process target;
      synchronized (this) {
        target = child;
        if (target == null) {
          early = name;
          return;
        }
      }
      send(name, target);
    }

    /**
     * Starts the child unless a signal came first.
     *
     * @return null once started, or the exit status a shell gives for that signal
     */
    synchronized Integer startOrRefuse(ProcessBuilder pb) throws IOException {
      if (early != null) {
        return 128 + new Signal(early).getNumber();
      }
      child = pb.start();
      return null;
    }

    synchronized Process child() {
      return child;
    }

    private static void send(String name, Process target) {
      try {
        new ProcessBuilder("kill", "-" + name, Long.toString(target.pid()))
            .start()
            .waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        target.destroy();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
