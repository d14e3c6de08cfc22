package example;

import io.dspinlock.spring.DSpinlock;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/** Bills each customer on one instance at a time, and cleans up once a night across the fleet. */
@Service
public class InvoiceJobs {
  private final AtomicInteger invoices = new AtomicInteger();
  private final AtomicInteger cleanups = new AtomicInteger();

  /** Bills a customer; a second call for the same customer waits up to 5 s for the first. */
  @DSpinlock(key = "'invoice:' + #customerId", maxWait = "5s")
  public int bill(String customerId) {
    return invoices.incrementAndGet(); // read the customer's usage, write the invoice
  }

  /**
   * Runs at 3:00 on every instance, and only the first does the work: the others find the key held,
   * or released less than {@code dspinlock.lock.computed-expiry} (1 h) ago, and skip it.
   */
  @Scheduled(cron = "0 0 3 * * *")
  @DSpinlock(key = "'nightly-cleanup'", failIfKeyExists = true, skipIfLocked = true)
  public void cleanup() {
    cleanups.incrementAndGet(); // delete what expired yesterday
  }

  /** {@return how many cleanups this instance ran} */
  public int cleanups() {
    return cleanups.get();
  }
}
