package io.dspinlock.cli;

import io.dspinlock.DSpinlockException;
import io.dspinlock.RedisNotInitializedException;
import io.dspinlock.RedisUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dspinlock} command: a demo, a distributed {@code flock}, and tools to see and clear
 * locks. Exit statuses follow {@code sysexits.h}: 64 wrong usage, 69 Redis unavailable, 75 the lock
 * could not be had.
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
      "Exit status: 0 ok, 64 wrong usage, 69 Redis unavailable, 75 lock not available;",
      "exec exits with the command's own status."
    })
public final class Main implements Runnable {
  /** Wrong usage ({@code EX_USAGE}). */
  static final int USAGE = 64;

  /** Redis cannot be reached ({@code EX_UNAVAILABLE}). */
  static final int UNAVAILABLE = 69;

  /** The lock could not be had ({@code EX_TEMPFAIL}). */
  static final int TEMPFAIL = 75;

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
          if (e instanceof RedisUnavailableException || e instanceof RedisNotInitializedException) {
            return UNAVAILABLE;
          }
          if (e instanceof IllegalArgumentException) {
            return USAGE;
          }
          return e instanceof DSpinlockException ? 1 : 70;
        });
    return cli;
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
