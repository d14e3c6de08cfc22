package io.dspinlock.testing;

import io.dspinlock.test.RedisServer;
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
  private final List<RedisServer> nodes = new ArrayList<>();
  private final List<Integer> announced = new ArrayList<>();
  private final boolean tls;

  /** Starts the cluster and waits until it serves every slot. */
  public RedisClusterFixture() {
    this(null);
  }

  /**
   * Starts the cluster, over TLS when certificates are given, and waits until it serves every slot.
   * A TLS node keeps its plain port for this fixture's own setup, but announces its TLS port to
   * clients and talks TLS to the other nodes ({@code tls-cluster yes}).
   *
   * @param certs the CA and server certificate, or null for plain connections
   */
  public RedisClusterFixture(TlsCertificates certs) {
    this.tls = certs != null;
    for (int i = 0; i < 3; i++) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--cluster-enabled", "yes",
                  "--cluster-config-file", "nodes.conf",
                  "--cluster-node-timeout", "2000"));
      int tlsPort = 0;
      if (tls) {
        tlsPort = RedisServer.freePort();
        args.addAll(
            List.of(
                "--tls-port", Integer.toString(tlsPort),
                "--tls-cluster", "yes",
                "--tls-cert-file", certs.serverPem().toString(),
                "--tls-key-file", certs.serverKey().toString(),
                "--tls-ca-cert-file", certs.caPem().toString(),
                "--tls-auth-clients", "no"));
      }
      RedisServer node = RedisServer.start(args.toArray(String[]::new));
      nodes.add(node);
      announced.add(tls ? tlsPort : node.port());
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
        first.clusterMeet("127.0.0.1", announced.get(i));
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

  /**
   * Returns how many clients subscribe to a channel, over all nodes.
   *
   * @param channel the channel
   * @return the number of subscribers
   */
  public long subscribers(String channel) {
    long subscribers = 0;
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis j = jedis(i)) {
        subscribers += j.pubsubNumSub(channel).getOrDefault(channel, 0L);
        if (sharded()) {
          subscribers += j.pubsubShardNumSub(channel).getOrDefault(channel, 0L);
        }
      }
    }
    return subscribers;
  }

  /**
   * Tells whether the nodes are Redis 7 or later, where the library announces releases with sharded
   * pub/sub.
   *
   * @return true on Redis 7 or later
   */
  public static boolean sharded() {
    try {
      return RedisServer.majorVersion() >= 7;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Moves a slot, with its keys, from the primary that serves it to the next one, as a resharding
   * does: IMPORTING, MIGRATING, MIGRATE of each key, then the new owner on every node.
   *
   * @param slot the slot
   * @return the index of the node that serves it now
   */
  public int moveSlot(int slot) {
    int from = ownerOf(slot);
    int to = (from + 1) % nodes.size();
    try (Jedis source = jedis(from);
        Jedis target = jedis(to)) {
      String sourceId = source.clusterMyId();
      String targetId = target.clusterMyId();
      target.clusterSetSlotImporting(slot, sourceId);
      source.clusterSetSlotMigrating(slot, targetId);
      for (String key : source.clusterGetKeysInSlot(slot, 1000)) {
        source.migrate("127.0.0.1", nodes.get(to).port(), key, 0, 5000);
      }
      for (int i = 0; i < nodes.size(); i++) {
        try (Jedis j = jedis(i)) {
          j.clusterSetSlotNode(slot, targetId);
        }
      }
    }
    return to;
  }

  /**
   * Returns the node that serves a slot.
   *
   * @param slot the slot
   * @return its index
   */
  public int ownerOf(int slot) {
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis j = jedis(i)) {
        if (servesSlot(j, slot)) {
          return i;
        }
      }
    }
    throw new IllegalStateException("no node serves slot " + slot);
  }

  private static boolean servesSlot(Jedis j, int slot) {
    String myself =
        j.clusterNodes().lines().filter(l -> l.contains("myself")).findFirst().orElseThrow();
    String[] fields = myself.split(" ");
    for (int f = 8; f < fields.length; f++) {
      String range = fields[f];
      if (range.startsWith("[")) {
        continue; // a slot being imported or migrated
      }
      int dash = range.indexOf('-');
      int lo = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
      int hi = dash < 0 ? lo : Integer.parseInt(range.substring(dash + 1));
      if (slot >= lo && slot <= hi) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns how many clients subscribe to a shard channel on one node ({@code PUBSUB SHARDNUMSUB}).
   *
   * @param node the node's index
   * @param channel the shard channel
   * @return the subscribers there
   */
  public long shardSubscribers(int node, String channel) {
    try (Jedis j = jedis(node)) {
      return j.pubsubShardNumSub(channel).getOrDefault(channel, 0L);
    }
  }

  /**
   * Sums the calls of one command over all nodes, from {@code INFO commandstats}.
   *
   * @param command e.g. {@code spublish}
   * @return the calls since the nodes started
   */
  public long calls(String command) {
    long calls = 0;
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis j = jedis(i)) {
        for (String line : j.info("commandstats").split("\\r?\\n")) {
          if (line.startsWith("cmdstat_" + command + ":calls=")) {
            int from = line.indexOf('=') + 1;
            calls += Long.parseLong(line.substring(from, line.indexOf(',', from)));
          }
        }
      }
    }
    return calls;
  }

  /** Returns the nodes. */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /**
   * Returns {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}, or with TLS {@code
   * rediss-cluster://} and the TLS ports.
   */
  public String uri() {
    return uri("");
  }

  /**
   * Returns the cluster's URI with user information.
   *
   * @param userInfo e.g. {@code "user:password@"}, or empty
   * @return the URI, without query
   */
  public String uri(String userInfo) {
    StringBuilder sb = new StringBuilder(tls ? "rediss-cluster://" : "redis-cluster://");
    sb.append(userInfo);
    for (int i = 0; i < nodes.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(announced.get(i));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}
