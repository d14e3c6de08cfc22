package io.dspinlock.cli;

import io.dspinlock.LockInfo;
import io.dspinlock.RedisSession;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists locks with SCAN. */
@Command(
    name = "list",
    description = "List locks (with SCAN, never KEYS): state, TTL, age, fencing token, key.",
    mixinStandardHelpOptions = true)
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RedisOption redis;

  @Option(
      names = "--match",
      defaultValue = "dspinlock,*",
      paramLabel = "PATTERN",
      description = "Keys to list, a glob-style pattern (default: ${DEFAULT-VALUE}).")
  String pattern;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      paramLabel = "N",
      description = "The most keys to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print one JSON object per line.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (RedisSession session = redis.session()) {
      List<String> keys = session.keys(pattern, limit);
      Instant now = Instant.now();
      if (!json) {
        out.println(LockInfoText.header());
      }
      for (String k : keys.stream().sorted().toList()) {
        LockInfo info = session.inspect(k);
        out.println(json ? LockInfoText.json(info, now) : LockInfoText.row(info, now));
      }
      return 0;
    }
  }
}
