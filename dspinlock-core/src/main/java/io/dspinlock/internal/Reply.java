package io.dspinlock.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A script's reply: an outcome word followed by its details, e.g. {@code {'BLOCKED', value, pttl}}.
 *
 * @param outcome the first element
 * @param fields every element, the outcome included
 */
public record Reply(String outcome, List<?> fields) {

  /**
   * Reads the raw reply of a script.
   *
   * @param raw what the client returned
   * @param script the script, for the message of a malformed reply
   * @return the reply
   */
  static Reply of(Object raw, LuaScript script) {
    if (raw instanceof Long) {
      String outcome = script.integerOutcome((Long) raw);
      return new Reply(outcome, List.of(outcome, raw));
    }
    if (!(raw instanceof List) || ((List<?>) raw).isEmpty()) {
      throw new IllegalStateException(script + " answered " + raw);
    }
    List<?> list = (List<?>) raw;
    return new Reply(asText(list.get(0)), list);
  }

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

  private static String asText(Object value) {
    if (value instanceof byte[]) {
      return new String((byte[]) value, StandardCharsets.UTF_8);
    }
    return value == null ? null : value.toString();
  }
}
