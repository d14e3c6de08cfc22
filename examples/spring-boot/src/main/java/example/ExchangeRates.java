package example;

import io.dspinlock.spring.ComputeOnce;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;

/** Exchange rates, fetched from a slow, rate-limited provider by one instance once an hour. */
@Service
public class ExchangeRates {
  /** The rates of one currency; shared between the instances as JSON. */
  public record Rates(String base, double eur, double usd) {}

  private final AtomicInteger fetches = new AtomicInteger();

  /** Returns a currency's rates: fetched here, or read from Redis when another instance did. */
  @ComputeOnce(key = "'rates:' + #base", ttl = "1h")
  public Rates rates(String base) {
    fetches.incrementAndGet();
    return new Rates(base, 0.92, 1.0); // the provider's answer, in a real service
  }

  /** {@return how many times this instance asked the provider} */
  public int fetches() {
    return fetches.get();
  }
}
