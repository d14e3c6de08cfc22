package io.dspinlock.internal.scripts;

import io.dspinlock.internal.util.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;

/**
 * The Lua scripts of the lock protocol, shipped as {@code .lua} resources beside this class: each
 * one atomic step on the server, run by its SHA-1 with EVALSHA. A line {@code --@include name}
 * stands for the resource {@code name.lua} (which may include others), so that the parts scripts
 * share are written once.
 *
 * <p>Each script also has a sharded form, for a Redis 7 cluster: the same text with {@code
 * SPUBLISH} for {@code PUBLISH} and {@code PUBSUB SHARDNUMSUB} for {@code PUBSUB NUMSUB}, so that a
 * release is announced within its key's shard, to the subscribers of its shard channel, instead of
 * to every node of the cluster.
 *
 * <p>This is the one place where the scripts' replies are read: {@link #decode} turns the words and
 * integers they answer into an {@link Outcome}.
 */
public enum Script {
  /** One acquisition attempt; an integer reply is the token of a lock just taken. */
  ACQUIRE("acquire", Outcome.ACQUIRED),
  /** Release: BLOCKED with our tag becomes COMPUTED; integer replies 1 and 2. */
  RELEASE("release", null, Outcome.RELEASED, Outcome.ALREADY),
  /** Hand a lock we hold to the next waiter; an integer reply is the new holder's token. */
  HANDOFF("handoff", Outcome.HANDED),
  /** A fair waiter leaves the key's queue; {@code OURS} if it was granted the key meanwhile. */
  LEAVE("leave", Outcome.LEFT),
  /** Renew the lease of a lock we hold; integer reply 1. */
  RENEW("renew", null, Outcome.RENEWED),
  /** Delete a key's state unless another holder has it. */
  DELETE("delete"),
  /** Read a key and its fencing counter; its reply is a table of facts, not an outcome. */
  INSPECT("inspect");

  private final String file;
  private final Outcome[] integerOutcomes;
  private final byte[] source;
  private final byte[] sha1;
  private final byte[] shardedSource;
  private final byte[] shardedSha1;

  /**
   * Loads a script. The hot paths answer with a bare integer rather than a table, which is cheaper
   * on both ends; {@code integerOutcomes} names what each integer means: with one name, any integer
   * (it is the detail, e.g. a token); with several, the integer is their index.
   */
  Script(String name, Outcome... integerOutcomes) {
    this.file = name + ".lua";
    this.integerOutcomes = integerOutcomes;
    String text = expand(read(name));
    this.source = text.getBytes(StandardCharsets.UTF_8);
    this.sha1 = Digests.sha1Hex(source).getBytes(StandardCharsets.US_ASCII);
    this.shardedSource = sharded(text).getBytes(StandardCharsets.UTF_8);
    this.shardedSha1 = Digests.sha1Hex(shardedSource).getBytes(StandardCharsets.US_ASCII);
  }

  /** The text of the sharded form: announcements within the key's shard. */
  private static String sharded(String text) {
    return text.replace("redis.call('PUBLISH',", "redis.call('SPUBLISH',")
        .replace("redis.call('PUBSUB', 'NUMSUB',", "redis.call('PUBSUB', 'SHARDNUMSUB',");
  }

  private static String expand(String text) {
    // Not a static field: enum constants are made before the enum's static fields.
    Matcher m = Pattern.compile("(?m)^\\s*--@include (\\w+)$").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(expand(read(m.group(1))).stripTrailing()));
    }
    return m.appendTail(out).toString();
  }

  private static String read(String name) {
    String resource = name + ".lua";
    try (InputStream in = Script.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * Returns the script's text as sent with EVAL, includes expanded.
   *
   * @return the Lua source
   */
  public String source() {
    return new String(source, StandardCharsets.UTF_8);
  }

  /**
   * Returns the text of the script's sharded form, for a Redis 7 cluster.
   *
   * @return the Lua source with sharded pub/sub
   */
  public String shardedSource() {
    return new String(shardedSource, StandardCharsets.UTF_8);
  }

  /**
   * Prepares a run of this script.
   *
   * @param keys its keys, UTF-8, all in one hash slot
   * @param args its arguments, UTF-8
   * @return a call that may be sent any number of times
   */
  public Call call(List<byte[]> keys, List<byte[]> args) {
    return new Call(this, keys, args);
  }

  /**
   * Reads what the script answered.
   *
   * @param raw the reply as the client returned it
   * @return the reply with its outcome
   * @throws IllegalStateException if the reply is none that this script gives
   */
  public Reply decode(Object raw) {
    if (raw instanceof Long) {
      Outcome outcome = integerOutcome((Long) raw);
      return new Reply(outcome, List.of(outcome.name(), raw));
    }
    if (!(raw instanceof List) || ((List<?>) raw).isEmpty()) {
      throw new IllegalStateException(file + " answered " + raw);
    }
    List<?> fields = (List<?>) raw;
    if (this == INSPECT) {
      return new Reply(Outcome.FACTS, fields);
    }
    try {
      return new Reply(Outcome.valueOf(Reply.asText(fields.get(0))), fields);
    } catch (IllegalArgumentException | NullPointerException unknown) {
      throw new IllegalStateException(file + " answered " + Reply.describe(fields), unknown);
    }
  }

  private Outcome integerOutcome(long n) {
    if (integerOutcomes.length == 1) {
      return integerOutcomes[0];
    }
    if (n > 0 && n < integerOutcomes.length) {
      return integerOutcomes[(int) n];
    }
    throw new IllegalStateException(file + " answered " + n);
  }

  @Override
  public String toString() {
    return file;
  }

  /**
   * A script's reply: its outcome, then details, e.g. {@code {'BLOCKED', value, pttl}}.
   *
   * @param outcome what it answered
   * @param fields every element, the outcome's word included
   */
  public record Reply(Outcome outcome, List<?> fields) {

    /**
     * Returns a field as text.
     *
     * @param index its position, the outcome being 0
     * @return the text, or null when absent
     */
    public String text(int index) {
      return index < fields.size() ? asText(fields.get(index)) : null;
    }

    /**
     * Returns a field as a number.
     *
     * @param index its position, the outcome being 0
     * @return the number
     */
    public long number(int index) {
      Object value = fields.get(index);
      return value instanceof Number ? ((Number) value).longValue() : Long.parseLong(asText(value));
    }

    @Override
    public String toString() {
      return describe(fields);
    }

    static String describe(List<?> fields) {
      StringBuilder sb = new StringBuilder("[");
      for (Object f : fields) {
        sb.append(sb.length() > 1 ? ", " : "").append(asText(f));
      }
      return sb.append(']').toString();
    }

    static String asText(Object value) {
      if (value instanceof byte[]) {
        return new String((byte[]) value, StandardCharsets.UTF_8);
      }
      return value == null ? null : value.toString();
    }
  }

  /**
   * One script with its keys and arguments, ready to be sent again and again: the EVALSHA command
   * is built once, the first time, and reused by every later run (it is only read when sent).
   */
  public static final class Call {
    /** The key counts scripts use, encoded once: a lock cycle builds two commands. */
    private static final byte[][] KEY_COUNTS = {{'0'}, {'1'}, {'2'}, {'3'}};

    private final Script script;
    private final List<byte[]> keys;
    private final List<byte[]> args;
    private volatile CommandObject<Object> evalsha;
    private volatile CommandObject<Object> shardedEvalsha;

    private Call(Script script, List<byte[]> keys, List<byte[]> args) {
      this.script = script;
      this.keys = keys;
      this.args = args;
    }

    /**
     * Returns the script.
     *
     * @return the script this call runs
     */
    public Script script() {
      return script;
    }

    /**
     * Returns the keys.
     *
     * @return UTF-8 keys, the lock key first
     */
    public List<byte[]> keys() {
      return keys;
    }

    /**
     * Returns the first key, for messages.
     *
     * @return the lock key
     */
    public String key() {
      return new String(keys.get(0), StandardCharsets.UTF_8);
    }

    /**
     * Returns the EVALSHA command, keys marked for cluster routing.
     *
     * @param sharded whether to run the sharded form (a Redis 7 cluster)
     * @return a command object that may be sent any number of times
     */
    public CommandObject<Object> evalsha(boolean sharded) {
      CommandObject<Object> c = sharded ? shardedEvalsha : evalsha;
      if (c == null) {
        c = command(Protocol.Command.EVALSHA, sharded ? script.shardedSha1 : script.sha1);
        if (sharded) {
          shardedEvalsha = c;
        } else {
          evalsha = c;
        }
      }
      return c;
    }

    /**
     * Returns an EVAL command carrying the script's source, for a server that lacks it; running it
     * also caches the script for later EVALSHAs.
     *
     * @param sharded whether to run the sharded form (a Redis 7 cluster)
     * @return a new command object
     */
    public CommandObject<Object> eval(boolean sharded) {
      return command(Protocol.Command.EVAL, sharded ? script.shardedSource : script.source);
    }

    private CommandObject<Object> command(Protocol.Command command, byte[] first) {
      CommandArguments a = ClusterArgs.of(command).add(first);
      int n = keys.size();
      a.add(
          n < KEY_COUNTS.length
              ? KEY_COUNTS[n]
              : Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
      for (byte[] k : keys) {
        a.key(k);
      }
      for (byte[] v : args) {
        a.add(v);
      }
      return new CommandObject<>(a, BuilderFactory.RAW_OBJECT);
    }
  }
}
