package io.dspinlock.cli;

import io.dspinlock.EvictionCheck;
import io.dspinlock.LockInfo;
import io.dspinlock.UnpackedValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes a {@link LockInfo}, and whether the server may evict lock keys, for people or as JSON for
 * scripts.
 */
final class LockInfoText {
  private LockInfoText() {}

  static String human(LockInfo info, EvictionCheck server, Instant now) {
    StringBuilder sb = new StringBuilder();
    line(sb, "key", info.key());
    line(sb, "state", info.status().toString());
    info.value()
        .ifPresent(
            v -> {
              line(sb, "holder", v.uuid());
              line(
                  sb,
                  "created",
                  v.timestamp() + info.age(now).map(a -> " (" + seconds(a) + " ago)").orElse(""));
            });
    info.rawValue().filter(r -> info.value().isEmpty()).ifPresent(r -> line(sb, "value", r));
    line(
        sb,
        "ttl",
        info.ttl()
            .map(LockInfoText::seconds)
            .orElse(info.status() == LockInfo.Status.FREE ? "-" : "none"));
    line(
        sb,
        "token",
        info.fencingToken().isPresent() ? Long.toString(info.fencingToken().getAsLong()) : "-");
    line(sb, "server", server.finding() + ": " + server.message());
    return sb.toString();
  }

  private static void line(StringBuilder sb, String name, String value) {
    sb.append(String.format(Locale.ROOT, "%-8s %s%n", name, value));
  }

  static String row(LockInfo info, Instant now) {
    return String.format(
        Locale.ROOT,
        "%-10s %9s %9s %18s  %s",
        info.status(),
        info.ttl().map(LockInfoText::seconds).orElse("-"),
        info.age(now).map(LockInfoText::seconds).orElse("-"),
        info.fencingToken().isPresent() ? Long.toString(info.fencingToken().getAsLong()) : "-",
        info.key());
  }

  static String header() {
    return String.format(
        Locale.ROOT, "%-10s %9s %9s %18s  %s", "STATE", "TTL", "AGE", "TOKEN", "KEY");
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  static String json(LockInfo info, Instant now) {
    return fields(info, now).toString();
  }

  static String json(LockInfo info, EvictionCheck server, Instant now) {
    return fields(info, now)
        .field("eviction", server.finding().toString())
        .field("eviction_message", server.message())
        .toString();
  }

  private static Json fields(LockInfo info, Instant now) {
    Json j = new Json().field("key", info.key()).field("state", info.status().toString());
    UnpackedValue v = info.value().orElse(null);
    j.field("uuid", v == null ? null : v.uuid());
    j.field("timestamp", v == null ? null : v.timestamp());
    j.number("age_ms", info.age(now).map(Duration::toMillis).orElse(null));
    j.number("ttl_ms", info.ttl().map(Duration::toMillis).orElse(null));
    j.number(
        "fencing_token", info.fencingToken().isPresent() ? info.fencingToken().getAsLong() : null);
    j.field("raw_value", info.rawValue().orElse(null));
    return j;
  }
}
