package io.dspinlock.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A Lua script shipped as a resource beside this class, with its SHA-1 for EVALSHA. */
public final class LuaScript {
  /** One acquisition attempt. */
  public static final LuaScript ACQUIRE = load("acquire");

  /** Release: BLOCKED with our tag becomes COMPUTED. */
  public static final LuaScript RELEASE = load("release");

  /** Renew the lease of a lock we hold. */
  public static final LuaScript RENEW = load("renew");

  /** Delete a key's state unless another holder has it. */
  public static final LuaScript DELETE = load("delete");

  /** Read a key and its fencing counter. */
  public static final LuaScript INSPECT = load("inspect");

  private final String name;
  private final String source;
  private final String sha1;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha1 = Uids.hex(Uids.digest("SHA-1", source.getBytes(StandardCharsets.UTF_8)));
  }

  private static LuaScript load(String name) {
    String resource = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
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

  @Override
  public String toString() {
    return name + ".lua";
  }
}
