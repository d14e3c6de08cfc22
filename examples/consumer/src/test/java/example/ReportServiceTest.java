package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.RedisSession;
import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.test.LockAssertions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReportServiceTest {
  // A real redis-server on a free loopback port for this class; lock keys are cleared between tests.
  @RegisterExtension static final DSpinlockRedis redis = new DSpinlockRedis();

  @Test
  void report_releasesItsLock(RedisSession session) {
    ReportService service = new ReportService(session);
    assertEquals("report for 2026-11", service.report("2026-11"));
    LockAssertions.assertFree(session, new HashDSpinlock("report:2026-11").getKey());
  }

  @Test
  void report_whileAnotherCallerHoldsTheMonth_computesAfterItsRelease() throws Exception {
    ReportService service = new ReportService(redis.session());
    HashDSpinlock held = redis.lock("report:2026-12").build().acquire();
    LockAssertions.assertHeld(redis.session(), held);
    CompletableFuture<String> report =
        CompletableFuture.supplyAsync(() -> service.report("2026-12"));
    held.close();
    assertEquals("report for 2026-12", report.get(10, TimeUnit.SECONDS));
    assertEquals(1, service.computations());
  }
}
