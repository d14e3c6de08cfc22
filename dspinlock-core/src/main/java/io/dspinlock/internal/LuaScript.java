package io.dspinlock.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A Lua script shipped as a resource beside this class, with its SHA-1 for EVALSHA. */
public final class LuaScript {
  /** One acquisition attempt; an integer reply is the token of a lock just taken. */
  public static final LuaScript ACQUIRE = load("acquire", "ACQUIRED");

  /** Release: BLOCKED with our tag becomes COMPUTED; integer replies 1 and 2. */
  public static final LuaScript RELEASE = load("release", "", "RELEASED", "ALREADY");

  /** Hand a lock we hold to the next waiter; an integer reply is the new holder's token. */
  public static final LuaScript HANDOFF = load("handoff", "HANDED");

  /** Renew the lease of a lock we hold; integer reply 1. */
  public static final LuaScript RENEW = load("renew", "", "RENEWED");

  /** Delete a key's state unless another holder has it. */
  public static final LuaScript DELETE = load("delete");

  /** Read a key and its fencing counter. */
  public static final LuaScript INSPECT = load("inspect");

  private final String name;
  private final String[] integerOutcomes;
  private final String source;
  private final String sha1;
  private final byte[] sha1Bytes;
  private final byte[] sourceBytes;

  private LuaScript(String name, String source, String[] integerOutcomes) {
    this.name = name;
    this.integerOutcomes = integerOutcomes;
    this.source = source;
    this.sourceBytes = source.getBytes(StandardCharsets.UTF_8);
    this.sha1 = Uids.hex(Uids.digest("SHA-1", sourceBytes));
    this.sha1Bytes = sha1.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Loads a script. The hot paths answer with a bare integer rather than a table, which is cheaper
   * on both ends; {@code integerOutcomes} names what each integer means: with one name, any integer
   * (it is the detail, e.g. a token); with several, the integer is their index.
   */
  private static LuaScript load(String name, String... integerOutcomes) {
    String resource = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new LuaScript(
          name, new String(in.readAllBytes(), StandardCharsets.UTF_8), integerOutcomes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * Returns the script's name, for messages.
   *
   * @return e.g. {@code acquire}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the script's text, sent with EVAL when the server does not know its SHA-1.
   *
   * @return the Lua source
   */
  public String source() {
    return source;
  }

  /**
   * Returns the SHA-1 by which the server caches the script.
   *
   * @return 40 lowercase hex digits
   */
  public String sha1() {
    return sha1;
  }

  /**
   * Names the outcome that an integer reply stands for.
   *
   * @param n the reply
   * @return the outcome, as a table reply would name it
   * @throws IllegalStateException if this script has no such integer reply
   */
  String integerOutcome(long n) {
    if (integerOutcomes.length == 1) {
      return integerOutcomes[0];
    }
    if (n > 0 && n < integerOutcomes.length) {
      return integerOutcomes[(int) n];
    }
    throw new IllegalStateException(this + " answered " + n);
  }

  byte[] sha1Bytes() {
    return sha1Bytes;
  }

  byte[] sourceBytes() {
    return sourceBytes;
  }

  @Override
  public String toString() {
    return name + ".lua";
  }
}
