package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dspinlock.internal.wire.Uids;
import io.dspinlock.test.DSpinlockRedis;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checks the wire format against CPython itself, on random values: uids as Python computes them,
 * and lock values written here as Python reads them. Skipped where no {@code python3} is installed
 * (the fixed vectors of {@code UidsTest} still run everywhere).
 */
class PythonInteropIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static Path script;

  @BeforeAll
  static void findPython() throws IOException, InterruptedException {
    assumeTrue(hasPython(), "python3 is not installed");
    script = Files.createTempFile("interop", ".py");
    try (InputStream in = PythonInteropIT.class.getResourceAsStream("interop.py")) {
      Files.write(script, in.readAllBytes());
    }
  }

  @AfterAll
  static void removeScript() throws IOException {
    if (script != null) {
      Files.deleteIfExists(script);
    }
  }

  /** {@return whether {@code python3} runs here} */
  static boolean hasPython() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException notInstalled) {
      return false;
    }
  }

  private static List<String> python(List<String> requests)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", script.toString()).start();
    p.getOutputStream()
        .write(String.join("\n", requests).concat("\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(err).isTrue();
    return out.lines().toList();
  }

  @Test
  void uids_randomValues_matchCPython() throws Exception {
    Random random = new Random(20261127);
    List<Object> values = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int kind = i % 6;
      if (kind == 0) {
        String s = randomString(random);
        values.add(s);
        requests.add(
            "str\t" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
      } else if (kind == 1) {
        BigInteger n = new BigInteger(1 + random.nextInt(200), random);
        if (random.nextBoolean()) {
          n = n.negate();
        }
        values.add(n.bitLength() < 63 && random.nextBoolean() ? (Object) n.longValue() : n);
        requests.add("int\t" + n);
      } else if (kind == 2) {
        boolean b = random.nextBoolean();
        values.add(b);
        requests.add("bool\t" + (b ? "True" : "False"));
      } else if (kind == 3) {
        UUID u = new UUID(random.nextLong(), random.nextLong());
        values.add(u);
        requests.add("uuid\t" + u);
      } else {
        LocalDateTime t =
            LocalDateTime.of(
                1 + random.nextInt(9999),
                1 + random.nextInt(12),
                1 + random.nextInt(28),
                random.nextInt(24),
                random.nextInt(60),
                random.nextInt(60),
                random.nextBoolean() ? 0 : random.nextInt(1_000_000) * 1000);
        String parts =
            t.getYear()
                + " "
                + t.getMonthValue()
                + " "
                + t.getDayOfMonth()
                + " "
                + t.getHour()
                + " "
                + t.getMinute()
                + " "
                + t.getSecond()
                + " "
                + t.getNano() / 1000;
        if (kind == 4) {
          values.add(t);
          requests.add("dt\t" + parts + " naive");
        } else {
          int offset = (random.nextInt(48) - 24) * 30 * 60;
          values.add(OffsetDateTime.of(t, ZoneOffset.ofTotalSeconds(offset)));
          requests.add("dt\t" + parts + " " + offset);
        }
      }
    }
    List<String> expected = python(requests);
    assertThat(expected).hasSameSizeAs(values);
    for (int i = 0; i < values.size(); i++) {
      assertThat(Uids.of(values.get(i)))
          .as("%s (%s)", values.get(i), requests.get(i))
          .isEqualTo(expected.get(i));
    }
  }

  @Test
  void lockValues_writtenHere_areReadByPython() throws Exception {
    List<String> raws = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      HashDSpinlock lock = new HashDSpinlock("interop-" + i, redis.session()).acquire();
      raws.add(redis.client().get(lock.getKey()));
      lock.close();
      raws.add(redis.client().get(lock.getKey()));
    }
    List<String> read = python(raws.stream().map(r -> "value\t" + r).toList());
    for (int i = 0; i < raws.size(); i++) {
      UnpackedValue v = UnpackedValue.parse(raws.get(i));
      assertThat(read.get(i)).isEqualTo(v.uuid() + "|" + v.timestamp() + "|" + v.state().wire());
    }
  }

  private static String randomString(Random random) {
    StringBuilder sb = new StringBuilder();
    int length = random.nextInt(40);
    for (int i = 0; i < length; i++) {
      int cp = random.nextInt(4) == 0 ? 0x80 + random.nextInt(0x2000) : 0x20 + random.nextInt(0x5f);
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
