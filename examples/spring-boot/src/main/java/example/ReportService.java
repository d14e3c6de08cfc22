package example;

import io.dspinlock.ResultCodec;
import io.dspinlock.spring.DSpinlocks;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;

/** Builds monthly reports; a report is computed by one instance and shared for an hour. */
@Service
public class ReportService {
  private final DSpinlocks locks;
  private final AtomicInteger computations = new AtomicInteger();

  public ReportService(DSpinlocks locks) {
    this.locks = locks;
  }

  /** Returns the report of a month: computed here under its lock, or read from Redis. */
  public String report(String month) {
    return locks.computeOnce(
        "report:" + month, Duration.ofHours(1), ResultCodec.utf8(), () -> compute(month));
  }

  /** {@return how many reports this instance computed itself} */
  public int computations() {
    return computations.get();
  }

  private String compute(String month) {
    computations.incrementAndGet();
    return "report for " + month; // the expensive query of a real service
  }
}
