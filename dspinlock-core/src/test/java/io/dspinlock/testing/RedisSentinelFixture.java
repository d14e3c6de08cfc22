package io.dspinlock.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/**
 * A real Sentinel group on loopback: one primary, one replica, three sentinels monitoring the
 * primary as {@code mymaster} (quorum 2, down after 1 s).
 */
public final class RedisSentinelFixture implements AutoCloseable {
  private final RedisServerProcess primary;
  private final RedisServerProcess replica;
  private final List<RedisServerProcess> sentinels = new ArrayList<>();

  /** Starts the group and waits until every sentinel knows the replica. */
  public RedisSentinelFixture() {
    primary = RedisServerProcess.start();
    replica =
        RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(primary.port()));
    for (int i = 0; i < 3; i++) {
      sentinels.add(RedisServerProcess.sentinel(primary.port(), 2));
    }
    Awaitility.await("sentinels see the replica and each other")
        .atMost(TestTimeouts.seconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(this::ready);
  }

  private boolean ready() {
    for (RedisServerProcess s : sentinels) {
      try (Jedis j = new Jedis("127.0.0.1", s.port())) {
        if (j.sentinelReplicas("mymaster").isEmpty()
            || j.sentinelSentinels("mymaster").size() < 2) {
          return false;
        }
      }
    }
    try (Jedis r = new Jedis("127.0.0.1", replica.port())) {
      return r.info("replication").contains("master_link_status:up");
    }
  }

  /** Returns the primary (as started; after a failover, the replica is primary). */
  public RedisServerProcess primary() {
    return primary;
  }

  /** Returns the replica. */
  public RedisServerProcess replica() {
    return replica;
  }

  /** Returns {@code redis-sentinel://127.0.0.1:s1,…/0#mymaster}. */
  public String uri() {
    StringBuilder sb = new StringBuilder("redis-sentinel://");
    for (int i = 0; i < sentinels.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinels.get(i).port());
    }
    return sb.append("/0#mymaster").toString();
  }

  /** Returns the port the sentinels now name as the primary's. */
  public int currentPrimaryPort() {
    try (Jedis j = new Jedis("127.0.0.1", sentinels.get(0).port())) {
      return j.sentinelGetMasterAddrByName("mymaster").get(1).transform(Integer::parseInt);
    }
  }

  @Override
  public void close() {
    sentinels.forEach(RedisServerProcess::close);
    replica.close();
    primary.close();
  }
}
