package io.dspinlock.spring;

import io.dspinlock.LockOptions;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/**
 * A worker JVM of {@link LeaderFailoverIT}: runs {@code LockRegistryLeaderInitiator} on a {@link
 * DSpinlockLockRegistry}, printing {@code READY} once started and {@code GRANTED} when it is
 * granted leadership, until it is killed.
 *
 * <p>Arguments: the Redis URI, the worker's id, the lease in milliseconds.
 */
public final class LeaderWorker {
  private LeaderWorker() {}

  /**
   * Runs the worker.
   *
   * @param args the Redis URI, the id, the lease in milliseconds
   * @throws InterruptedException never: the worker waits until it is killed
   */
  public static void main(String[] args) throws InterruptedException {
    String uri = args[0];
    String id = args[1];
    Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
    RedisSession session = RedisConnections.create(uri);
    DSpinlocks locks =
        new DSpinlocks(
            LockOptions.builder()
                .session(session)
                .spinlockSleepThresh(Duration.ofMillis(50))
                .leaseTime(lease)
                .build());
    DefaultCandidate candidate =
        new DefaultCandidate(id, "leader") {
          @Override
          public void onGranted(Context ctx) {
            System.out.println("GRANTED " + id);
            System.out.flush();
          }
        };
    LockRegistryLeaderInitiator initiator =
        new LockRegistryLeaderInitiator(new DSpinlockLockRegistry(locks, "leader"), candidate);
    initiator.setHeartBeatMillis(100);
    initiator.setBusyWaitMillis(50);
    initiator.start();
    System.out.println("READY " + id);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
