package io.dspinlock;

import io.dspinlock.internal.util.Checks;
import java.util.List;

/**
 * How the Redis servers of a session are arranged: one server, a primary found through Redis
 * Sentinel, or a Redis Cluster. Part of {@link RedisParameters}.
 */
public sealed interface RedisTopology {

  /**
   * Describes the servers for messages, never with a password.
   *
   * @return e.g. {@code localhost:6379}, {@code sentinel mymaster@[s1:26379]}
   */
  String describe();

  /**
   * One server.
   *
   * @param host its host name or address
   * @param port its port, 1 to 65535
   */
  record Standalone(String host, int port) implements RedisTopology {
    /**
     * Checks the address.
     *
     * @param host its host name or address
     * @param port its port, 1 to 65535
     * @throws IllegalArgumentException if the host is blank or the port out of range
     */
    public Standalone {
      Checks.notBlank(host, "redisHost");
      Checks.port(port);
    }

    @Override
    public String describe() {
      return host + ":" + port;
    }
  }

  /**
   * A primary that Redis Sentinel names, and fails over.
   *
   * @param masterName the name the sentinels know the primary by
   * @param nodes the sentinels, each {@code host:port}
   * @param username the sentinels' own ACL user, or null
   * @param password the sentinels' own password ({@code requirepass} in sentinel.conf), or null
   */
  record Sentinel(String masterName, List<String> nodes, String username, String password)
      implements RedisTopology {
    /**
     * Checks and copies the sentinels.
     *
     * @param masterName the name the sentinels know the primary by
     * @param nodes the sentinels, each {@code host:port}
     * @param username the sentinels' own ACL user, or null
     * @param password the sentinels' own password, or null
     * @throws IllegalArgumentException if no sentinel is named, or the credentials are inconsistent
     */
    public Sentinel {
      Checks.notBlank(masterName, "sentinelMasterName");
      Checks.that(nodes != null && !nodes.isEmpty(), "sentinelNodes must name a sentinel");
      nodes = List.copyOf(nodes);
      Checks.that(
          username == null || password != null, "sentinelUsername needs a sentinelPassword");
      Checks.that(
          password == null || !password.isEmpty(),
          "sentinelPassword must not be empty; leave it out");
    }

    @Override
    public String describe() {
      return "sentinel " + masterName + "@" + nodes;
    }

    @Override
    public String toString() {
      return "Sentinel["
          + describe()
          + (username == null ? "" : ", username=" + username)
          + (password == null ? "" : ", password=***")
          + "]";
    }
  }

  /**
   * A Redis Cluster, found through some of its nodes.
   *
   * @param nodes seed nodes, each {@code host:port}
   */
  record Cluster(List<String> nodes) implements RedisTopology {
    /**
     * Checks and copies the seeds.
     *
     * @param nodes seed nodes, each {@code host:port}
     * @throws IllegalArgumentException if no node is named
     */
    public Cluster {
      Checks.that(nodes != null && !nodes.isEmpty(), "clusterNodes must name at least one node");
      nodes = List.copyOf(nodes);
    }

    @Override
    public String describe() {
      return "cluster " + nodes;
    }
  }
}
