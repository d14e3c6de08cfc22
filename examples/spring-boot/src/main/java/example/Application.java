package example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service that computes each monthly report once across all its instances, with the
 * dspinlock starter: {@code GET /reports/2026-11}. Redis comes from {@code spring.data.redis.*}.
 */
@SpringBootApplication
public class Application {
  public static void main(String[] args) {
    SpringApplication.run(Application.class, args);
  }
}
