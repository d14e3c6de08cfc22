package io.dspinlock.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;

/**
 * One script with its keys and arguments, ready to be sent again and again: the EVALSHA command is
 * built once, the first time, and reused by every later attempt (it is only read when sent).
 */
public final class ScriptCall {
  /** The key counts scripts use, encoded once: a lock cycle builds two commands. */
  private static final byte[][] KEY_COUNTS = {{'0'}, {'1'}, {'2'}, {'3'}};

  private final LuaScript script;
  private final List<byte[]> keys;
  private final List<byte[]> args;
  private volatile CommandObject<Object> evalsha;

  /**
   * Prepares a call.
   *
   * @param script the script
   * @param keys its keys, UTF-8, all in one hash slot
   * @param args its arguments, UTF-8
   */
  public ScriptCall(LuaScript script, List<byte[]> keys, List<byte[]> args) {
    this.script = script;
    this.keys = keys;
    this.args = args;
  }

  /** Returns the script. */
  public LuaScript script() {
    return script;
  }

  /** Returns the keys. */
  public List<byte[]> keys() {
    return keys;
  }

  /** Returns the arguments. */
  public List<byte[]> args() {
    return args;
  }

  /** Returns the first key, for messages. */
  public String key() {
    return new String(keys.get(0), StandardCharsets.UTF_8);
  }

  /**
   * Returns an EVAL command carrying the script's source, for a server that lacks it.
   *
   * @return a new command object
   */
  CommandObject<Object> eval() {
    return command(Protocol.Command.EVAL, script.sourceBytes());
  }

  private CommandObject<Object> command(Protocol.Command command, byte[] first) {
    CommandArguments a = new CommandArguments(command).add(first);
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

  /**
   * Returns the EVALSHA command, keys marked for cluster routing.
   *
   * @return a command object that may be sent any number of times
   */
  CommandObject<Object> evalsha() {
    CommandObject<Object> c = evalsha;
    if (c == null) {
      c = command(Protocol.Command.EVALSHA, script.sha1Bytes());
      evalsha = c;
    }
    return c;
  }
}
