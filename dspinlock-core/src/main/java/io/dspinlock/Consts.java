package io.dspinlock;

/**
 * Names shared with the Python original and with the environment.
 *
 * <p>The logger name and the switch for diagnostic logging keep the Python names so that one
 * logging setup serves services written in either language.
 */
public final class Consts {

  /** The SLF4J logger name of every diagnostic message this library writes. */
  public static final String SL_LOG_TAG = "D_SPINLOCK";

  /**
   * The environment variable that, when set to any value, turns on diagnostic (DEBUG) messages; the
   * system property {@value #SL_LOG_ENABLED_PROPERTY} set to {@code true} does the same.
   */
  public static final String SL_LOG_ENABLED = "SL_LOG_ENABLED";

  /** The system property that turns on diagnostic messages, like {@link #SL_LOG_ENABLED}. */
  public static final String SL_LOG_ENABLED_PROPERTY = "sl.log.enabled";

  /** The environment variable that names the Redis server of the default session. */
  public static final String REDIS_URL_ENV = "DSPINLOCK_REDIS_URL";

  /** The Redis server of the default session when {@link #REDIS_URL_ENV} is not set. */
  public static final String DEFAULT_REDIS_URL = "redis://localhost:6379/0";

  /** The first part of every lock key: {@code dspinlock,<uid>}. */
  public static final String KEY_PREFIX = "dspinlock";

  private Consts() {}
}
