package example;

import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

/** One leader among the instances, elected on the LockRegistry that the starter provides. */
@Configuration
public class LeaderElection {
  @Bean
  public LockRegistryLeaderInitiator leaderInitiator(LockRegistry registry) {
    // Holds the registry's lock "report-leader" while leader; another instance takes over when
    // this one stops, or within the lease (dspinlock.lock.lease) when it dies.
    String instance = UUID.randomUUID().toString();
    return new LockRegistryLeaderInitiator(
        registry, new DefaultCandidate(instance, "report-leader"));
  }
}
