package io.dspinlock;

import io.dspinlock.internal.LockSpec;
import io.dspinlock.internal.Reply;
import io.dspinlock.internal.SessionCore;
import java.time.Duration;

/** Reads lock keys for {@link RedisSession#inspect(String)}. */
final class Inspections {
  private Inspections() {}

  static LockInfo inspect(SessionCore core, String key) {
    Reply r = core.eval(LockSpec.inspectCall(key));
    String type = r.text(0);
    String raw = r.text(1);
    long pttl = r.number(2);
    String fence = r.text(3);
    Long token = null;
    if (fence != null) {
      try {
        token = Long.parseLong(fence);
      } catch (NumberFormatException notACounter) {
        token = null;
      }
    }
    Duration ttl = pttl > 0 ? Duration.ofMillis(pttl) : null;
    if (type.equals("none")) {
      return new LockInfo(key, LockInfo.Status.FREE, null, null, null, token);
    }
    if (!type.equals("string")) {
      return new LockInfo(key, LockInfo.Status.OTHER_TYPE, null, null, ttl, token);
    }
    UnpackedValue value;
    try {
      value = UnpackedValue.parse(raw);
    } catch (InvalidValueEncounteredDuringUnpackingException e) {
      return new LockInfo(key, LockInfo.Status.INVALID, raw, null, ttl, token);
    }
    LockInfo.Status status =
        value.state() == LockState.BLOCKED ? LockInfo.Status.BLOCKED : LockInfo.Status.COMPUTED;
    return new LockInfo(key, status, raw, value, ttl, token);
  }
}
