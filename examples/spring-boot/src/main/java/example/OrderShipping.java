package example;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.stereotype.Service;

/** Ships orders with Spring Integration's LockRegistry, the code a RedisLockRegistry user has. */
@Service
public class OrderShipping {
  private final LockRegistry registry;
  private final AtomicInteger shipped = new AtomicInteger();

  public OrderShipping(LockRegistry registry) {
    this.registry = registry;
  }

  /** Ships an order; false when another instance kept it locked for 2 s. */
  public boolean ship(String orderId) throws InterruptedException {
    Lock lock = registry.obtain("order:" + orderId);
    if (!lock.tryLock(2, TimeUnit.SECONDS)) {
      return false;
    }
    try {
      shipped.incrementAndGet(); // hand the parcel to the carrier
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** {@return how many orders this instance shipped} */
  public int shipped() {
    return shipped.get();
  }
}
