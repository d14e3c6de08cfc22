package io.dspinlock.cli;

import io.dspinlock.AtomicQueryInvalidStateException;
import io.dspinlock.LockInfo;
import io.dspinlock.RedisSession;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Deletes a lock's state, as the original's {@code delete_atomic_query_mutex_state}. */
@Command(
    name = "delete",
    description = {
      "Delete a lock's state (COMPUTED, or free) so that the next caller computes afresh.",
      "Refuses a key that another holder has BLOCKED (exit 75): it frees itself when its lease"
          + " runs out."
    },
    mixinStandardHelpOptions = true)
final class DeleteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RedisOption redis;

  @Parameters(paramLabel = "KEY", description = "The lock's key (see --key-is-raw).")
  String key;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (RedisSession session = redis.session()) {
      String lockKey = redis.redisKey(key);
      boolean deleted;
      try {
        deleted = session.delete(lockKey);
      } catch (AtomicQueryInvalidStateException refused) {
        spec.commandLine().getErr().println("dspinlock: " + refused.getMessage());
        // Held by someone: try later. Another Redis type at the key: not a lock at all.
        boolean held = session.inspect(lockKey).status() == LockInfo.Status.BLOCKED;
        return held ? Main.TEMPFAIL : Main.DATAERR;
      }
      out.println(
          json
              ? new Json().field("key", lockKey).bool("deleted", deleted).toString()
              : (deleted ? "deleted " : "nothing to delete at ") + lockKey);
      return 0;
    }
  }
}
