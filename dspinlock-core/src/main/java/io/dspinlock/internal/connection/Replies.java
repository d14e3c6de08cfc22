package io.dspinlock.internal.connection;

import io.dspinlock.RedisRefusedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Server commands sent as raw commands, and their replies read: {@code UnifiedJedis} has {@code
 * configGet} and {@code info} only from Jedis 8 on, and {@code sendCommand} is deprecated there,
 * while {@code executeCommand} of a {@link CommandObject} is the same in every Jedis from 6 to 8.
 */
final class Replies {
  private Replies() {}

  /** {@return a command whose reply is read as it comes} */
  static CommandObject<Object> command(Protocol.Command command, String... args) {
    CommandArguments a = new CommandArguments(command);
    for (String arg : args) {
      a.add(arg);
    }
    return new CommandObject<>(a, BuilderFactory.RAW_OBJECT);
  }

  /**
   * {@return a reply of name-value pairs: a flat list (RESP2), or a map (RESP3), which Jedis 8
   * reads raw as a list of entries}
   */
  static Map<String, String> pairs(Object reply) {
    Map<String, String> out = new LinkedHashMap<>();
    if (reply instanceof Map) {
      ((Map<?, ?>) reply).forEach((k, v) -> out.put(text(k), text(v)));
    } else if (reply instanceof List) {
      List<?> items = (List<?>) reply;
      if (!items.isEmpty() && items.get(0) instanceof Map.Entry) {
        for (Object item : items) {
          Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
          out.put(text(e.getKey()), text(e.getValue()));
        }
        return out;
      }
      for (int i = 0; i + 1 < items.size(); i += 2) {
        out.put(text(items.get(i)), text(items.get(i + 1)));
      }
    }
    return out;
  }

  /** {@return a reply as text} */
  static String text(Object reply) {
    return reply instanceof byte[] ? SafeEncoder.encode((byte[]) reply) : String.valueOf(reply);
  }

  /** {@return the value of one field of an {@code INFO} reply's text, or null if it has none} */
  static String infoField(String info, String name) {
    String prefix = name + ":";
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
    return null;
  }

  /**
   * Reads {@code evicted_keys} from the text of {@code INFO stats}.
   *
   * @throws RedisRefusedException if the server does not report it
   */
  static long evictedKeys(String stats, String server) {
    String count = infoField(stats, "evicted_keys");
    if (count == null) {
      throw new RedisRefusedException("INFO stats of " + server + " has no evicted_keys", null);
    }
    return Long.parseLong(count);
  }

  /**
   * {@return SET with a time to live: a raw command, since SetParams.px links differently in Jedis
   * 6 and 8}
   */
  static CommandObject<String> setPx(byte[] key, byte[] value, long ttlMillis) {
    return new CommandObject<>(
        new CommandArguments(Protocol.Command.SET).key(key).add(value).add("PX").add(ttlMillis),
        BuilderFactory.STRING);
  }

  /** Adds the keys that match, {@code SCAN} page by page, until {@code limit} or the last page. */
  static void scanInto(
      redis.clients.jedis.commands.KeyCommands redis, String pattern, int limit, Set<String> keys) {
    ScanParams params = new ScanParams().match(pattern).count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, params);
      for (String k : page.getResult()) {
        if (keys.size() < limit) {
          keys.add(k);
        }
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && keys.size() < limit);
  }
}
