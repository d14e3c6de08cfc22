package io.dspinlock;

import io.dspinlock.internal.protocol.SessionCore;
import io.dspinlock.internal.scripts.LockCalls;
import io.dspinlock.internal.scripts.Script;
import java.time.Duration;

/** Lock keys by name, for {@link RedisSession#inspect(String)} and {@link RedisSession#delete}. */
final class KeyTools {
  private KeyTools() {}

  static LockInfo inspect(SessionCore core, String key) {
    Script.Reply r = core.redis().eval(LockCalls.inspect(key));
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

  static boolean delete(SessionCore core, String key) {
    return core.deleteUnlessHeld(key, raw -> LockSetup.describe(UnpackedValue::parse, raw));
  }
}
