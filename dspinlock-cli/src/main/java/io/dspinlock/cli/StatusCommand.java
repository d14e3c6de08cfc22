package io.dspinlock.cli;

import io.dspinlock.EvictionCheck;
import io.dspinlock.LockInfo;
import io.dspinlock.RedisSession;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows one lock. */
@Command(
    name = "status",
    description = {
      "Show a lock: state, holder, age, remaining TTL, fencing token; and whether the server may"
          + " evict lock keys (SAFE, REFUSED, ACCEPTED with acceptEviction=true, or UNKNOWN when"
          + " CONFIG GET is not allowed)."
    },
    mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RedisOption redis;

  @Parameters(paramLabel = "KEY", description = "The lock's key (see --key-is-raw).")
  String key;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    try (RedisSession session = redis.session()) {
      LockInfo info = session.inspect(redis.redisKey(key));
      EvictionCheck server = session.evictionCheck();
      Instant now = Instant.now();
      spec.commandLine()
          .getOut()
          .print(
              json
                  ? LockInfoText.json(info, server, now) + "\n"
                  : LockInfoText.human(info, server, now));
      return 0;
    }
  }
}
