package io.dspinlock.internal.scripts;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Makes the arguments of a command that a cluster client can route by its keys, on any Jedis from 6
 * to 8: Jedis 6 and 7 route only a {@code ClusterCommandArguments}, which computes the keys' hash
 * slot as they are added; Jedis 8 has no such class and routes any {@link CommandArguments}. Both
 * work on a standalone or Sentinel connection too. A script's command is made once per call and
 * sent again and again, so the slot is computed once.
 */
public final class ClusterArgs {
  private static final MethodHandle CLUSTER_ARGS = clusterArgs();

  private ClusterArgs() {}

  private static MethodHandle clusterArgs() {
    try {
      Class<?> c = Class.forName("redis.clients.jedis.ClusterCommandArguments");
      return MethodHandles.publicLookup()
          .findConstructor(c, MethodType.methodType(void.class, ProtocolCommand.class));
    } catch (ClassNotFoundException jedis8) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot use ClusterCommandArguments of this Jedis", e);
    }
  }

  /**
   * Makes empty arguments of a command, routable by the keys added to them.
   *
   * @param command the command
   * @return its arguments, with no key yet
   */
  public static CommandArguments of(ProtocolCommand command) {
    if (CLUSTER_ARGS == null) {
      return new CommandArguments(command);
    }
    try {
      return (CommandArguments) CLUSTER_ARGS.invoke(command);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
