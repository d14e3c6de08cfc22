package io.dspinlock.cli;

import io.dspinlock.AtomicQueryInvalidStateException;
import io.dspinlock.DSpinlockException;
import io.dspinlock.FailIfKeyExistsIsEnabledException;
import io.dspinlock.InvalidValueEncounteredDuringUnpackingException;
import io.dspinlock.RedisNotInitializedException;
import io.dspinlock.RedisRefusedException;
import io.dspinlock.RedisUnavailableException;
import io.dspinlock.SpinlockTriesExceededException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dspinlock} command: a demo, a distributed {@code flock}, and tools to see and clear
 * locks. Exit statuses follow {@code sysexits.h}; {@link #EXIT_STATUSES} lists every one of them.
 */
@Command(
    name = "dspinlock",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A Redis-backed distributed spinlock: demo, exec, status, list, delete.",
    subcommands = {
      DemoCommand.class,
      ExecCommand.class,
      StatusCommand.class,
      ListCommand.class,
      DeleteCommand.class
    },
    footer = {
      "",
      "Redis: --redis URI, else $DSPINLOCK_REDIS_URL, else redis://localhost:6379/0.",
      "",
      "Exit status:",
      "  0    done (exec: the command's own status, 128+N if it died of signal N)",
      "  1    the lock was lost while held, or could not be released",
      "  64   wrong usage: an unknown option, a bad value, a duration under 1ms",
      "  65   the key holds something that is not a dspinlock lock (another writer's value, another"
          + " Redis type)",
      "  69   Redis unavailable, or refusing to write (out of memory, read-only replica)",
      "  70   an internal error of dspinlock: please report it",
      "  75   the lock is held elsewhere (its tries ran out, --fail-if-exists, delete of a held key)",
      "  78   a file named in the configuration cannot be read (caFile, trustStore)",
      "  127  exec: the command cannot be run"
    })
public final class Main implements Runnable {
  /** Wrong usage ({@code EX_USAGE}). */
  static final int USAGE = 64;

  /** Redis cannot be reached ({@code EX_UNAVAILABLE}). */
  static final int UNAVAILABLE = 69;

  /** The lock could not be had ({@code EX_TEMPFAIL}). */
  static final int TEMPFAIL = 75;

  /** The key holds something that is not a lock ({@code EX_DATAERR}). */
  static final int DATAERR = 65;

  /** An internal error ({@code EX_SOFTWARE}). */
  static final int SOFTWARE = 70;

  /** A configured file cannot be read ({@code EX_CONFIG}). */
  static final int CONFIG = 78;

  /** Every exit status of the tool, as the help lists them; the tests check the two agree. */
  static final int[] EXIT_STATUSES = {
    0, 1, USAGE, DATAERR, UNAVAILABLE, SOFTWARE, TEMPFAIL, CONFIG, 127
  };

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Runs the tool.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the tool and returns its exit status.
   *
   * @param args the command line
   * @return the exit status
   */
  public static int run(String... args) {
    CommandLine cli = commandLine();
    int status = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return status;
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("dspinlock: " + e.getMessage());
          e.getCommandLine().usage(err);
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("dspinlock: " + e.getMessage());
          return statusOf(e);
        });
    return cli;
  }

  /** The exit status of a failure, as the help lists them. */
  static int statusOf(Exception e) {
    if (e instanceof RedisUnavailableException
        || e instanceof RedisNotInitializedException
        || e instanceof RedisRefusedException) {
      return UNAVAILABLE;
    }
    if (e instanceof InvalidValueEncounteredDuringUnpackingException
        || e instanceof AtomicQueryInvalidStateException) {
      return DATAERR;
    }
    if (e instanceof SpinlockTriesExceededException
        || e instanceof FailIfKeyExistsIsEnabledException) {
      return TEMPFAIL;
    }
    if (e instanceof IllegalArgumentException) {
      return USAGE;
    }
    if (e instanceof java.io.UncheckedIOException) {
      return CONFIG;
    }
    return e instanceof DSpinlockException ? 1 : SOFTWARE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version, from the jar's manifest when packaged. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"dspinlock " + (v == null ? "(development build)" : v)};
    }
  }
}
