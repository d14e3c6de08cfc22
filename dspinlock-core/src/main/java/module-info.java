/**
 * dspinlock: a Redis-backed distributed spinlock. The API is the package {@code io.dspinlock};
 * {@code io.dspinlock.internal} may change without notice and is not exported.
 */
module io.dspinlock {
  requires transitive redis.clients.jedis;
  requires org.apache.commons.pool2;
  requires org.slf4j;

  exports io.dspinlock;
}
