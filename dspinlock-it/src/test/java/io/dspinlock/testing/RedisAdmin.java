package io.dspinlock.testing;

import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.test.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Administrative looks at a test's redis-server: clients, subscribers, killed connections, and
 * replicas.
 */
public final class RedisAdmin {
  private RedisAdmin() {}

  /**
   * Returns the number of clients connected to the server, from {@code INFO clients}.
   *
   * @param redis the test's server
   * @return the count, the extension's own client included
   */
  public static long connectedClients(DSpinlockRedis redis) {
    return redis
        .client()
        .info("clients")
        .lines()
        .filter(l -> l.startsWith("connected_clients:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim()))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Opens a plain single connection for administrative commands (ACL, CLIENT…); close it.
   *
   * @param redis the test's server
   * @return a new connection
   */
  public static Jedis admin(DSpinlockRedis redis) {
    return new Jedis("127.0.0.1", redis.server().port());
  }

  /**
   * Returns how many clients subscribe to a channel ({@code PUBSUB NUMSUB}).
   *
   * @param redis the test's server
   * @param channel the channel
   * @return the number of subscribers
   */
  public static long subscribers(DSpinlockRedis redis, String channel) {
    try (Jedis admin = admin(redis)) {
      return admin.pubsubNumSub(channel).getOrDefault(channel, 0L);
    }
  }

  /**
   * Kills every pub/sub connection ({@code CLIENT KILL TYPE pubsub}).
   *
   * @param redis the test's server
   * @return how many were killed
   */
  public static long killPubSubClients(DSpinlockRedis redis) {
    try (Jedis admin = admin(redis)) {
      return admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.PUBSUB));
    }
  }

  /**
   * Starts a replica of a server and waits until it is in sync with it.
   *
   * @param primaryPort the primary's port on 127.0.0.1
   * @return the replica; close it
   */
  public static RedisServer startReplicaOf(int primaryPort) {
    RedisServer replica =
        RedisServer.start("--replicaof", "127.0.0.1", Integer.toString(primaryPort));
    await("replica in sync").atMost(TestTimeouts.seconds(30)).until(() -> isInSync(replica));
    return replica;
  }

  /**
   * Tells whether a replica's link to its primary is up.
   *
   * @param replica the replica
   * @return true once it is in sync
   */
  public static boolean isInSync(RedisServer replica) {
    try (Jedis r = new Jedis("127.0.0.1", replica.port())) {
      return r.info("replication").contains("master_link_status:up");
    }
  }
}
