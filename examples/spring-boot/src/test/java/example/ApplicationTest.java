package example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.InvalidMutexReleaseEncounteredException;
import io.dspinlock.LockInfo;
import io.dspinlock.SpinlockTriesExceededException;
import io.dspinlock.spring.DSpinlocks;
import io.dspinlock.test.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole application on a random port, against a real redis-server that the test starts and,
 * last, stops. One Spring context for every test: they run in order, each on keys of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationTest {
  static final RedisServer server = RedisServer.start();
  static final HttpClient http = HttpClient.newHttpClient();
  static final JsonMapper json = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired DSpinlocks locks;
  @Autowired ReportService reports;
  @Autowired InvoiceJobs invoices;
  @Autowired ExchangeRates rates;
  @Autowired OrderShipping shipping;
  @Autowired LockRegistryLeaderInitiator leader;

  // Only Boot's own Redis settings: the starter needs nothing else.
  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", () -> "127.0.0.1");
    registry.add("spring.data.redis.port", server::port);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  @Order(1)
  void classPath_hasBootsJedis() {
    String jar = Jedis.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(jar).endsWith("jedis-7.0.0.jar");
  }

  @Test
  @Order(2)
  void lock_takenAndReleased() {
    String key;
    try (HashDSpinlock lock = locks.lock("orders:42").build().acquire()) {
      key = lock.getKey();
      assertThat(locks.session().inspect(key).status()).isEqualTo(LockInfo.Status.BLOCKED);
    }
    assertThat(locks.session().inspect(key).status()).isEqualTo(LockInfo.Status.COMPUTED);
  }

  @Test
  @Order(3)
  void reportEndpoint_twice_computesOnce() throws Exception {
    JsonNode first = get("/reports/2026-11", 200);
    JsonNode second = get("/reports/2026-11", 200);
    assertThat(first.get("report").asString()).isEqualTo("report for 2026-11");
    assertThat(second.get("report")).isEqualTo(first.get("report"));
    assertThat(reports.computations()).isEqualTo(1);
  }

  @Test
  @Order(4)
  void health_isUpWithTheServer() throws Exception {
    JsonNode health = get("/actuator/health/dspinlock", 200);
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("details").get("redis").asString())
        .isEqualTo("127.0.0.1:" + server.port() + "/0");
  }

  @Test
  @Order(5)
  void metrics_after10AcquisitionsAnd1TriesExceeded_count11ByOutcome() throws Exception {
    for (int i = 0; i < 9; i++) {
      locks.lock("metrics:" + i).build().acquire().close();
    }
    try (HashDSpinlock held = locks.lock("metrics:held").build().acquire()) {
      HashDSpinlock other =
          locks
              .lock("metrics:held")
              .maxSpinlockTries(1)
              .spinlockSleepThresh(Duration.ofMillis(50))
              .build();
      assertThatThrownBy(other::acquire).isInstanceOf(SpinlockTriesExceededException.class);
      assertThat(get("/actuator/metrics/dspinlock.held?tag=lock:metrics", 200)
              .get("measurements").get(0).get("value").asDouble())
          .as("active tasks while one lock is held").isEqualTo(1.0);
    }
    JsonNode acquire = get("/actuator/metrics/dspinlock.acquire?tag=lock:metrics", 200);
    assertThat(measurement(acquire, "COUNT")).isEqualTo(11.0);
    assertThat(tagValues(acquire, "outcome"))
        .containsExactlyInAnyOrder("acquired", "tries_exceeded");
  }

  @Test
  @Order(6)
  void metrics_lockLost_countedByReason() throws Exception {
    HashDSpinlock lock = locks.lock("lost:1").leaseTime(Duration.ofSeconds(1)).build().acquire();
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      jedis.del(lock.getKey()); // what an eviction or an operator's DEL would do
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !lock.isHeld());
    assertThatThrownBy(lock::close).isInstanceOf(InvalidMutexReleaseEncounteredException.class);
    JsonNode lost = get("/actuator/metrics/dspinlock.lost?tag=lock:lost", 200);
    assertThat(measurement(lost, "COUNT")).isEqualTo(1.0);
    assertThat(tagValues(lost, "reason")).containsExactly("expired");
  }

  @Test
  @Order(7)
  void dspinlockMethod_waitsWhileTheCustomerIsLockedElsewhere() throws Exception {
    CompletableFuture<Integer> bill;
    try (HashDSpinlock elsewhere = locks.lock("invoice:c1").build().acquire()) {
      bill = CompletableFuture.supplyAsync(() -> invoices.bill("c1"));
      await("the bill waits for the customer's lock")
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(1))
          .until(() -> !bill.isDone());
    }
    assertThat(bill.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(invoices.bill("c2")).isEqualTo(2);
  }

  @Test
  @Order(8)
  void dspinlockSkipIfLocked_secondCleanupWithinTheHour_isSkipped() {
    invoices.cleanup();
    invoices.cleanup();
    assertThat(invoices.cleanups()).isEqualTo(1);
    String key = locks.lock("nightly-cleanup").build().getKey();
    assertThat(locks.session().inspect(key).status()).isEqualTo(LockInfo.Status.COMPUTED);
  }

  @Test
  @Order(9)
  void computeOnce_twice_fetchesOnceAndReadsTheRecordBackFromJson() {
    ExchangeRates.Rates first = rates.rates("EUR");
    ExchangeRates.Rates second = rates.rates("EUR");
    assertThat(second).isEqualTo(first).isEqualTo(new ExchangeRates.Rates("EUR", 0.92, 1.0));
    assertThat(rates.fetches()).isEqualTo(1);
  }

  @Test
  @Order(10)
  void lockRegistry_shipsFreeOrders_andGivesUpOnOneLockedElsewhere() throws Exception {
    assertThat(shipping.ship("o1")).isTrue();
    // The registry locks "<spring.application.name>:<key>".
    try (HashDSpinlock elsewhere =
        locks.lock("dspinlock-spring-boot-example:order:o2").build().acquire()) {
      assertThat(shipping.ship("o2")).isFalse();
    }
    assertThat(shipping.ship("o2")).isTrue();
    assertThat(shipping.shipped()).isEqualTo(2);
  }

  @Test
  @Order(11)
  void leaderInitiator_becomesLeader_holdingTheRoleLock() {
    await().atMost(Duration.ofSeconds(10)).until(() -> leader.getContext().isLeader());
    HashDSpinlock role = locks.lock("dspinlock-spring-boot-example:report-leader").build();
    assertThat(role.tryAcquire(Duration.ZERO)).isFalse();
  }

  @Test
  @Order(12)
  void health_serverStopped_isDownWithin5s() throws Exception {
    server.stop();
    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> "DOWN".equals(get("/actuator/health/dspinlock", 503).get("status").asString()));
    System.out.printf("health DOWN after %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  private JsonNode get(String path, int expectedStatus) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(expectedStatus);
    return json.readTree(response.body());
  }

  private static double measurement(JsonNode metric, String statistic) {
    for (JsonNode m : metric.get("measurements")) {
      if (m.get("statistic").asString().equals(statistic)) {
        return m.get("value").asDouble();
      }
    }
    throw new AssertionError("no " + statistic + " in " + metric);
  }

  private static List<String> tagValues(JsonNode metric, String tag) {
    List<String> values = new ArrayList<>();
    for (JsonNode t : metric.get("availableTags")) {
      if (t.get("tag").asString().equals(tag)) {
        t.get("values").forEach(v -> values.add(v.asString()));
      }
    }
    return values;
  }
}
