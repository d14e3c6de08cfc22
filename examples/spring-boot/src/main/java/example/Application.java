package example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A Spring Boot service on the dspinlock starter: it computes each monthly report once across all
 * its instances ({@code GET /reports/2026-11}), bills and cleans up under {@code @DSpinlock}, shares
 * exchange rates with {@code @ComputeOnce}, and ships orders and elects a leader on Spring
 * Integration's {@code LockRegistry}. Redis comes from {@code spring.data.redis.*}.
 */
@SpringBootApplication
@EnableScheduling
public class Application {
  public static void main(String[] args) {
    SpringApplication.run(Application.class, args);
  }
}
