package io.dspinlock.internal.config;

/**
 * A {@code host:port} pair; an IPv6 host is written in brackets.
 *
 * @param host the host name or address, without brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {

  /**
   * Reads {@code host[:port]} or {@code [v6-address][:port]}.
   *
   * @param text the text
   * @param defaultPort the port when none is written
   * @return the pair
   * @throws IllegalArgumentException if the text is not such a pair
   */
  public static HostPort parse(String text, int defaultPort) {
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("unclosed [ in host " + text);
      }
      host = text.substring(1, end);
      if (end + 1 < text.length()) {
        if (text.charAt(end + 1) != ':') {
          throw new IllegalArgumentException("bad host " + text);
        }
        port = text.substring(end + 2);
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0) {
        host = text.substring(0, colon);
        port = text.substring(colon + 1);
      }
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("empty host in " + text);
    }
    int p = defaultPort;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port must be a number in " + text);
      }
    }
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535 in " + text);
    }
    return new HostPort(host, p);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
