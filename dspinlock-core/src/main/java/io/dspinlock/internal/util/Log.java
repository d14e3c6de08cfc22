package io.dspinlock.internal.util;

import io.dspinlock.Consts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Diagnostic messages: DEBUG on the {@code D_SPINLOCK} logger, and only when {@code SL_LOG_ENABLED}
 * is set in the environment or {@code sl.log.enabled} is true. Never pass a secret to it.
 */
public final class Log {
  private static final Logger LOGGER = LoggerFactory.getLogger(Consts.SL_LOG_TAG);

  private Log() {}

  /**
   * Tells whether diagnostic messages are written; cheap when DEBUG is off.
   *
   * @return true when both the switch and the logger's level allow them
   */
  public static boolean enabled() {
    return LOGGER.isDebugEnabled()
        && (System.getenv(Consts.SL_LOG_ENABLED) != null
            || Boolean.getBoolean(Consts.SL_LOG_ENABLED_PROPERTY));
  }

  /**
   * Writes a warning, whatever the diagnostics switch: something the operator must know.
   *
   * @param format an SLF4J format
   * @param args its arguments
   */
  public static void warn(String format, Object... args) {
    LOGGER.warn(format, args);
  }

  /**
   * Writes a diagnostic message when enabled.
   *
   * @param format an SLF4J format
   * @param args its arguments
   */
  public static void debug(String format, Object... args) {
    if (enabled()) {
      LOGGER.debug(format, args);
    }
  }
}
