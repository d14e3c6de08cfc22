package io.dspinlock.cli;

/** A flat JSON object, written by hand: the CLI needs nothing more. */
final class Json {
  private final StringBuilder sb = new StringBuilder("{");

  Json field(String name, String value) {
    key(name);
    if (value == null) {
      sb.append("null");
    } else {
      quote(value);
    }
    return this;
  }

  Json number(String name, Long value) {
    key(name);
    sb.append(value == null ? "null" : value.toString());
    return this;
  }

  Json bool(String name, boolean value) {
    key(name);
    sb.append(value);
    return this;
  }

  private void key(String name) {
    if (sb.length() > 1) {
      sb.append(',');
    }
    quote(name);
    sb.append(':');
  }

  private void quote(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  @Override
  public String toString() {
    return sb + "}";
  }
}
