package io.dspinlock.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/**
 * A real three-primary Redis Cluster on loopback, built by hand (no redis-cli here): each node gets
 * a third of the slots, then they meet, then the test waits for {@code cluster_state:ok}.
 */
public final class RedisClusterFixture implements AutoCloseable {
  private static final int SLOTS = 16384;
  private final List<RedisServerProcess> nodes = new ArrayList<>();

  /** Starts the cluster and waits until it serves every slot. */
  public RedisClusterFixture() {
    for (int i = 0; i < 3; i++) {
      nodes.add(
          RedisServerProcess.start(
              "--cluster-enabled", "yes",
              "--cluster-config-file", "nodes.conf",
              "--cluster-node-timeout", "2000"));
    }
    for (int i = 0; i < 3; i++) {
      try (Jedis j = jedis(i)) {
        j.clusterSetConfigEpoch(i + 1);
        int from = i * SLOTS / 3;
        int to = (i + 1) * SLOTS / 3;
        j.clusterAddSlots(IntStream.range(from, to).toArray());
      }
    }
    try (Jedis first = jedis(0)) {
      for (int i = 1; i < 3; i++) {
        first.clusterMeet("127.0.0.1", nodes.get(i).port());
      }
    }
    Awaitility.await("cluster_state:ok on every node")
        .atMost(TestTimeouts.seconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(this::ready);
  }

  private boolean ready() {
    for (int i = 0; i < 3; i++) {
      try (Jedis j = jedis(i)) {
        if (!j.clusterInfo().contains("cluster_state:ok")
            || j.clusterNodes().lines().filter(l -> l.contains("connected")).count() < 3) {
          return false;
        }
      }
    }
    return true;
  }

  /** Returns a plain connection to one node. */
  public Jedis jedis(int node) {
    return new Jedis("127.0.0.1", nodes.get(node).port());
  }

  /** Returns the nodes. */
  public List<RedisServerProcess> nodes() {
    return nodes;
  }

  /** Returns {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
  public String uri() {
    StringBuilder sb = new StringBuilder("redis-cluster://");
    for (int i = 0; i < nodes.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(nodes.get(i).port());
    }
    return sb.toString();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServerProcess::close);
  }
}
