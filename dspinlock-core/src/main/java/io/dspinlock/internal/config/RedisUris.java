package io.dspinlock.internal.config;

import io.dspinlock.Durations;
import io.dspinlock.RedisParameters;
import io.dspinlock.RedisParametersBuilder;
import io.dspinlock.TlsOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code redis://}, {@code rediss://}, {@code redis-sentinel://} and {@code redis-cluster://}
 * URIs.
 */
public final class RedisUris {
  private static final int SENTINEL_PORT = 26379;

  private RedisUris() {}

  /**
   * Fills a builder from a URI.
   *
   * @param uri the URI
   * @param b a builder holding the defaults
   * @return the parameters
   * @throws IllegalArgumentException naming the part of the URI at fault; never showing a password
   */
  public static RedisParameters parse(String uri, RedisParametersBuilder b) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("Redis URI must not be blank");
    }
    int sep = uri.indexOf("://");
    if (sep < 0) {
      throw new IllegalArgumentException(
          "Redis URI needs a scheme such as redis://: " + redact(uri));
    }
    String scheme = uri.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
    boolean sentinel = scheme.equals("redis-sentinel") || scheme.equals("rediss-sentinel");
    boolean cluster = scheme.equals("redis-cluster") || scheme.equals("rediss-cluster");
    if (!sentinel && !cluster && !scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException(
          "unsupported scheme "
              + scheme
              + " (redis, rediss, redis-sentinel, redis-cluster): "
              + redact(uri));
    }
    b.ssl(scheme.startsWith("rediss"));
    String rest = uri.substring(sep + 3);
    String master = null;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      String fragment = rest.substring(hash + 1);
      if (fragment.contains("@")) {
        // A '#' inside a user name or password: everything after it would be misread.
        throw new IllegalArgumentException(
            "write '#' in a user name or password as %23: " + redact(uri));
      }
      if (fragment.contains("?") || fragment.contains("&")) {
        // A query after the fragment would silently become part of the master's name.
        throw new IllegalArgumentException(
            "the query goes before the #master name (…/0?timeout=1s#mymaster): " + redact(uri));
      }
      master = decode(fragment);
      rest = rest.substring(0, hash);
    }
    int question = rest.indexOf('?');
    if (question >= 0) {
      master = query(rest.substring(question + 1), b, master);
      rest = rest.substring(0, question);
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      credentials(rest.substring(0, at), b);
      rest = rest.substring(at + 1);
    }
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String db = rest.substring(slash + 1);
      if (!db.isEmpty()) {
        b.rdb(parseInt(db, "database"));
      }
      rest = rest.substring(0, slash);
    }
    List<String> nodes = hosts(rest, sentinel ? SENTINEL_PORT : RedisParameters.DEFAULT_PORT);
    if (sentinel) {
      if (master == null || master.isEmpty()) {
        throw new IllegalArgumentException(
            "redis-sentinel URI needs the master's name, as #name or ?masterName=: " + redact(uri));
      }
      return b.sentinel(master, nodes).build();
    }
    if (cluster) {
      return b.cluster(nodes).build();
    }
    if (nodes.size() != 1) {
      throw new IllegalArgumentException("a redis:// URI names one host: " + redact(uri));
    }
    HostPort hp = HostPort.parse(nodes.get(0), RedisParameters.DEFAULT_PORT);
    return b.redisHost(hp.host()).port(hp.port()).build();
  }

  private static void credentials(String userInfo, RedisParametersBuilder b) {
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    if (!user.isEmpty()) {
      b.username(decode(user));
    }
    if (colon >= 0) {
      b.password(decode(userInfo.substring(colon + 1)));
    }
  }

  private static final java.util.Set<String> KNOWN_PARAMETERS =
      java.util.Set.of(
          "timeout",
          "connectTimeout",
          "clientName",
          "acceptEviction",
          "masterName",
          "sentinelMasterId",
          "sentinelUser",
          "sentinelPassword",
          "caFile",
          "trustStore",
          "trustStorePassword",
          "verifyHostname");

  private static String query(String query, RedisParametersBuilder b, String master) {
    TlsOptions[] tls = {TlsOptions.DEFAULTS};
    boolean tlsGiven = false;
    String sentinelUser = null;
    String sentinelPassword = null;
    boolean afterPassword = false;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!KNOWN_PARAMETERS.contains(name)) {
        // An unknown name right after a password, or one that is no plain word, may be a piece of
        // a password with an '&', '?' or '#' left unencoded: never show it.
        throw new IllegalArgumentException(
            afterPassword || !name.matches("[A-Za-z]{1,40}")
                ? "unknown Redis URI parameter (write '&', '?' and '#' in passwords as %26, %3F"
                    + " and %23)"
                : "unknown Redis URI parameter " + name);
      }
      afterPassword = name.toLowerCase(java.util.Locale.ROOT).endsWith("password");
      switch (name) {
        case "timeout":
          b.commandTimeout(duration(value, name));
          break;
        case "connectTimeout":
          b.socketConnectTimeout(duration(value, name));
          break;
        case "clientName":
          b.clientName(value);
          break;
        case "acceptEviction":
          b.acceptEvictingServer(value.equals("true"));
          break;
        case "masterName":
        case "sentinelMasterId":
          master = value;
          break;
        case "sentinelUser":
          sentinelUser = value;
          break;
        case "sentinelPassword":
          sentinelPassword = value;
          break;
        case "caFile":
          tls[0] = new TlsOptions(null, null, Path.of(value), tls[0].verifyHostname());
          break;
        case "trustStore":
          tls[0] =
              new TlsOptions(
                  Path.of(value), tls[0].trustStorePassword(), null, tls[0].verifyHostname());
          break;
        case "trustStorePassword":
          tls[0] =
              new TlsOptions(tls[0].trustStore(), value, tls[0].caFile(), tls[0].verifyHostname());
          break;
        case "verifyHostname":
          tls[0] = tls[0].withVerifyHostname(!value.equals("false"));
          break;
        default:
          throw new IllegalStateException("parameter " + name + " is known but not read");
      }
      tlsGiven |=
          name.equals("caFile") || name.startsWith("trustStore") || name.equals("verifyHostname");
    }
    if (tlsGiven) {
      b.tls(tls[0]);
    }
    if (sentinelUser != null || sentinelPassword != null) {
      b.sentinelAuth(sentinelUser, sentinelPassword);
    }
    return master;
  }

  private static List<String> hosts(String list, int defaultPort) {
    List<String> nodes = new ArrayList<>();
    for (String node : list.split(",")) {
      if (node.isEmpty()) {
        throw new IllegalArgumentException("Redis URI has an empty host in '" + list + "'");
      }
      nodes.add(HostPort.parse(node, defaultPort).toString());
    }
    return nodes;
  }

  private static Duration duration(String text, String name) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Redis URI parameter " + name + ": " + e.getMessage(), e);
    }
  }

  private static int parseInt(String text, String name) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was " + text);
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * Returns a URI with its password replaced by {@code ***}, for messages.
   *
   * @param uri any text
   * @return the text without a password
   */
  public static String redact(String uri) {
    if (uri == null) {
      return null;
    }
    // Hosts never contain '@': whatever stands between the scheme and the last '@' is user info,
    // even a password with an unencoded '/', '@', '?' or '#'.
    String out = uri;
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      out = uri.substring(0, scheme + 3) + "***" + uri.substring(at);
    }
    return out.replaceAll("((?i)[?&][a-z]*password=)[^&#]*", "$1***");
  }
}
