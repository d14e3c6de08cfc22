/**
 * The Redis boundary: the {@code RedisGateway} interface the lock logic talks to, its Jedis
 * implementation, the building of Jedis clients from {@code RedisParameters}, the connections of a
 * standalone session and their watched sockets, and TLS.
 */
package io.dspinlock.internal.connection;
