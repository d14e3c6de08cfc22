package example;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.RedisSession;
import java.util.concurrent.atomic.AtomicInteger;

/** A user's service: of many callers of the same month, one computes the report at a time. */
public class ReportService {
  private final RedisSession session;
  private final AtomicInteger computations = new AtomicInteger();

  public ReportService(RedisSession session) {
    this.session = session;
  }

  public String report(String month) {
    try (HashDSpinlock lock = new HashDSpinlock("report:" + month, session).acquire()) {
      computations.incrementAndGet();
      return "report for " + month;
    }
  }

  public int computations() {
    return computations.get();
  }
}
