package io.dspinlock.bench;

import io.dspinlock.test.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.SetParams;

/**
 * What the fair lock's scripts cost the server, alone on an idle redis-server: one connection
 * replays W4's cycle, pipelined (the next waiter joins the key's queue, the holder releases and the
 * key is granted to it) with the scripts read from a directory of {@code .lua} files, and reads
 * from {@code INFO commandstats} the µs per EVALSHA and, of those, the µs spent in the Redis
 * commands the scripts call: the rest is Lua's. With {@code --against DIR} it alternates, round by
 * round, with the scripts of another directory on the same server, for an A/B of a change to them,
 * and prints the ratio; without it, it writes its section of {@code docs/BENCHMARKS.md} ({@link
 * DocSection#SCRIPTS}).
 *
 * <p>Usage, from the repository's root: {@code ScriptCost [--scripts DIR] [--against DIR] [--cycles
 * N] [--rounds R]}; the default directory is the core module's scripts.
 */
public final class ScriptCost {
  private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*--@include (\\w+)$");
  private static final Pattern STAT = Pattern.compile("cmdstat_(\\w+):calls=(\\d+),usec=(\\d+),");
  private static final String KEY =
      "dspinlock,f5ab1a98d18ffaf84a78143c5cb452fe9be464a0cf58ff71d48c73777d87623d";
  private static final String FENCE = "{" + KEY + "}:fence";
  private static final String[] VALUES = {
    "6a53fafd-919b-45c6-94d0-5ea349d2c464,2026-12-01T20:52:08.906863+00:00,0",
    "35dd9e9c-1c07-48ea-a8ba-584612040f54,2026-12-01T20:52:08.906948+00:00,0"
  };
  private static final int BATCH = 500; // cycles a pipeline
  private static final String[] SESSIONS = {"0370cb30c78c66ba", "1265ea5626af194a"};

  private ScriptCost() {}

  /** One side's figures of a round, µs. */
  private record Cost(double perScript, double inCommands) {}

  /**
   * The floor's figures of a round, µs: its SET NX PX and its compare-and-delete script on the
   * server, and a PING round trip on the connection.
   */
  private record Floor(double set, double unlock, double ping) {}

  /**
   * Measures.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) throws Exception {
    long began = System.nanoTime();
    Path scripts = Path.of("dspinlock-core/src/main/resources/io/dspinlock/internal/scripts");
    Path against = null;
    int cycles = 10_000;
    int rounds = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scripts" -> scripts = Path.of(args[++i]);
        case "--against" -> against = Path.of(args[++i]);
        case "--cycles" -> cycles = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Map<String, Path> sides = new LinkedHashMap<>();
    if (against != null) {
      sides.put("A " + against, against);
    }
    sides.put((against != null ? "B " : "") + scripts, scripts);
    try (RedisServer server = RedisServer.start();
        Jedis jedis = new Jedis(URI.create(server.uri()));
        Jedis subscriber = new Jedis(URI.create(server.uri()))) {
      listen(subscriber);
      Map<String, List<Cost>> costs = new LinkedHashMap<>();
      List<Floor> floors = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        if (against == null) {
          Floor f = floor(jedis, cycles);
          floors.add(f);
          System.out.printf(
              "round %d floor: SET NX PX %.2f µs, compare-and-delete script %.2f µs; PING round"
                  + " trip %.1f µs%n",
              round, f.set(), f.unlock(), f.ping());
        }
        for (Map.Entry<String, Path> side : sides.entrySet()) {
          Cost c = cycle(jedis, side.getValue(), cycles);
          costs.computeIfAbsent(side.getKey(), k -> new ArrayList<>()).add(c);
          System.out.printf(
              "round %d %s: %.2f µs per script, %.2f µs of them in Redis commands%n",
              round, side.getKey(), c.perScript(), c.inCommands());
        }
      }
      if (against != null) {
        List<Cost> a = costs.values().iterator().next();
        List<Cost> b = new ArrayList<>(costs.values()).get(1);
        double ratio = 1;
        for (int i = 0; i < a.size(); i++) {
          ratio *= b.get(i).perScript() / a.get(i).perScript();
        }
        System.out.printf(
            "B / A, µs per script, geometric mean of the rounds: %.3f%n",
            Math.pow(ratio, 1.0 / a.size()));
      } else {
        List<Cost> c = costs.values().iterator().next();
        String version =
            jedis.info("server").replaceAll("(?s).*redis_version:([^\\r\\n]+).*", "$1");
        Path docs = Path.of("docs/BENCHMARKS.md");
        String doc = Files.exists(docs) ? Files.readString(docs) : "";
        Files.writeString(
            docs,
            DocSection.SCRIPTS.splice(
                doc,
                section(
                    c,
                    floors,
                    version,
                    cycles,
                    rounds,
                    Duration.ofNanos(System.nanoTime() - began))));
        System.out.println("wrote docs/BENCHMARKS.md (SCRIPTS section)");
      }
    }
  }

  /** The section of docs/BENCHMARKS.md: the medians of the rounds. */
  private static String section(
      List<Cost> costs, List<Floor> floors, String version, int cycles, int rounds, Duration took) {
    double script = median(costs, Cost::perScript);
    double inCommands = median(costs, Cost::inCommands);
    double[] set = floors.stream().mapToDouble(Floor::set).sorted().toArray();
    double[] unlock = floors.stream().mapToDouble(Floor::unlock).sorted().toArray();
    double ping = floors.stream().mapToDouble(Floor::ping).sorted().toArray()[floors.size() / 2];
    return DocSection.SCRIPTS.start()
        + "\n## What a fair handoff costs the server\n\n"
        + String.format(
            Locale.ROOT,
            "Made by `dspinlock-bench/script-cost` on %s, in %d s: one connection replays W4's"
                + " cycle, alone, on an idle redis-server %s (the embedded-redis binary) on"
                + " loopback: the next waiter joins the key's queue (`acquire.lua`, the key held),"
                + " then the holder releases and the key is granted to that waiter"
                + " (`release.lua`, which publishes the grant to a subscribed session). The calls"
                + " are pipelined, so that the server's figures are its own work, from `INFO"
                + " commandstats`; the floor's SET NX PX and compare-and-delete run the same way,"
                + " and the round trip is PING's, one at a time. %,d cycles a round after a"
                + " warm-up, %d rounds; medians of the rounds.%n%n",
            LocalDate.now(),
            took.toSeconds(),
            version,
            cycles,
            rounds)
        + "| | µs |\n| --- | ---: |\n"
        + String.format(Locale.ROOT, "| one script, on the server (EVALSHA) | %.1f |%n", script)
        + String.format(
            Locale.ROOT, "| of which in the Redis commands it calls | %.1f |%n", inCommands)
        + String.format(Locale.ROOT, "| a PING round trip on the connection | %.1f |%n", ping)
        + String.format(
            Locale.ROOT, "| the floor's SET NX PX, on the server | %.1f |%n", set[set.length / 2])
        + String.format(
            Locale.ROOT,
            "| the floor's compare-and-delete script, on the server | %.1f |%n",
            unlock[unlock.length / 2])
        + String.format(
            Locale.ROOT,
            "%nThe rest of a script's time is the scripting engine's: each call into Redis and each"
                + " string operation (naming the queue's keys, formatting its entries) costs"
                + " it time of its own. So a fair release keeps the server busy for %.2f round"
                + " trips (%.0f times the floor's release) between the release's arrival and the"
                + " grant's message, on the handoff's path; and in W4 the previous holder, which"
                + " joins the queue again at once, is often served just before it. The code:"
                + " `io.dspinlock.bench.ScriptCost`.%n",
            script / ping,
            script / unlock[unlock.length / 2])
        + DocSection.SCRIPTS.end();
  }

  private static double median(List<Cost> costs, ToDoubleFunction<Cost> f) {
    double[] v = costs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Subscribes to what W4's waiters listen on, so that releases see listeners, and drains it. */
  private static void listen(Jedis subscriber) {
    Thread t =
        new Thread(
            () -> {
              try {
                subscriber.subscribe(
                    new JedisPubSub() {},
                    KEY,
                    "{" + KEY + "}:grant:" + SESSIONS[0],
                    "{" + KEY + "}:grant:" + SESSIONS[1]);
              } catch (JedisConnectionException closedAtTheEnd) {
                // the measurement is over
              }
            },
            "script-cost-subscriber");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Runs {@code cycles} join-and-grant cycles with the scripts of {@code dir}, pipelined: what the
   * server spends on them, without the round trips between.
   */
  private static Cost cycle(Jedis jedis, Path dir, int cycles) throws IOException {
    String acquire = jedis.scriptLoad(expand(dir, "acquire"));
    String releaseText = expand(dir, "release");
    String release = jedis.scriptLoad(releaseText);
    // A fair release names the key's queue from the fencing counter, when its script reads it.
    List<String> releaseKeys = releaseText.contains("KEYS[2]") ? List.of(KEY, FENCE) : List.of(KEY);
    jedis.del(KEY, FENCE, "{" + KEY + "}:queue", "{" + KEY + "}:waiters");
    jedis.evalsha(acquire, List.of(KEY, FENCE), joinArgs(0));
    // Cycle i: VALUES[i % 2] holds the key, the other joins and is granted it by the release.
    pipelined(
        jedis,
        cycles,
        (p, i) -> {
          int holder = (int) (i % 2);
          p.evalsha(acquire, List.of(KEY, FENCE), joinArgs(1 - holder));
          p.evalsha(
              release,
              releaseKeys,
              List.of("3600000", VALUES[holder], "q 1800000 " + SESSIONS[holder]));
        },
        replies -> {
          if (!String.valueOf(replies.get(1)).contains("GRANTED")) {
            throw new IllegalStateException(
                "not a grant: joined " + replies.get(0) + ", released " + replies.get(1));
          }
        });
    Map<String, Stat> stats = commandStats(jedis);
    Stat eval = stats.get("evalsha");
    double inner = 0;
    for (Map.Entry<String, Stat> e : stats.entrySet()) {
      if (!e.getKey().equals("evalsha") && !e.getKey().equals("config")) {
        inner += e.getValue().usec();
      }
    }
    return new Cost(eval.usec() / eval.calls(), inner / eval.calls());
  }

  /**
   * Runs {@code cycles} of the floor's SET NX PX and compare-and-delete on another key, pipelined,
   * then as many PINGs one at a time.
   */
  private static Floor floor(Jedis jedis, int cycles) {
    String unlock = jedis.scriptLoad(JedisFloorContender.UNLOCK);
    String key = "script-cost-floor";
    SetParams nxpx = SetParams.setParams().nx().px(30_000);
    pipelined(
        jedis,
        cycles,
        (p, i) -> {
          String token = "floor-" + i;
          p.set(key, token, nxpx);
          p.evalsha(unlock, List.of(key), List.of(token));
        },
        replies -> {
          if (!"OK".equals(replies.get(0))) {
            throw new IllegalStateException("the floor's key was not free");
          }
        });
    Map<String, Stat> stats = commandStats(jedis);
    long start = System.nanoTime();
    for (int i = 0; i < cycles; i++) {
      jedis.ping();
    }
    return new Floor(
        stats.get("set").perCall(),
        stats.get("evalsha").perCall(),
        (System.nanoTime() - start) / 1e3 / cycles);
  }

  /** One command's line of {@code INFO commandstats}: its calls and µs. */
  private record Stat(long calls, double usec) {
    double perCall() {
      return usec / calls;
    }
  }

  /** {@return the server's command statistics since they were last reset, by command} */
  private static Map<String, Stat> commandStats(Jedis jedis) {
    Map<String, Stat> stats = new LinkedHashMap<>();
    Matcher m = STAT.matcher(jedis.info("commandstats"));
    while (m.find()) {
      stats.put(m.group(1), new Stat(Long.parseLong(m.group(2)), Double.parseDouble(m.group(3))));
    }
    return stats;
  }

  /**
   * Runs a quarter of {@code cycles} to warm up, then {@code cycles} measured, in pipelines of
   * {@link #BATCH} cycles, and resets the server's statistics before each pass.
   *
   * @param cycle appends cycle number {@code i} (counted over both passes) to the pipeline
   * @param check looks at each pipeline's replies
   */
  private static void pipelined(
      Jedis jedis, int cycles, ObjLongConsumer<Pipeline> cycle, Consumer<List<Object>> check) {
    long i = 0;
    for (int n : new int[] {cycles / 4, cycles}) {
      jedis.configResetStat();
      for (int done = 0; done < n; done += BATCH) {
        Pipeline p = jedis.pipelined();
        for (int b = 0; b < BATCH; b++) {
          cycle.accept(p, i++);
        }
        check.accept(p.syncAndReturnAll());
      }
    }
  }

  private static List<String> joinArgs(int who) {
    return List.of(VALUES[who], "30000", "1800000", "q1500 1000 " + SESSIONS[who]);
  }

  /** A script's text with its includes, as {@code Script} expands them. */
  private static String expand(Path dir, String name) throws IOException {
    String text = Files.readString(dir.resolve(name + ".lua"));
    Matcher m = INCLUDE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(expand(dir, m.group(1)).stripTrailing()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
