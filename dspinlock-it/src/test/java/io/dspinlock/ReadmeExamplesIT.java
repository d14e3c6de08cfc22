package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.TestTimeouts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Compiles every {@code java} code block of the README and runs it in its own JVM against the
 * test's redis-server; the block must exit 0 and print every string it passes to {@code println}.
 * The default connection is pointed at the test server through {@code DSPINLOCK_REDIS_URL}, and the
 * port {@code 6379} written in an example is replaced by the test server's port.
 */
class ReadmeExamplesIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("public class (\\w+)");
  private static final Pattern PRINTED = Pattern.compile("println\\(\"([^\"]*)\"\\)");

  static Path readme() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("README.md");
  }

  static List<String> javaBlocks(Path markdown) throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(Files.readString(markdown));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @TestFactory
  Stream<DynamicTest> readme_everyJavaBlock_compilesAndRuns() throws IOException {
    List<String> blocks =
        javaBlocks(readme()).stream()
            .filter(b -> !b.contains("@Test") && !b.contains("@Service"))
            .collect(Collectors.toList());
    assertThat(blocks).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(5);
    return blocks.stream().map(b -> DynamicTest.dynamicTest(className(b), () -> compileAndRun(b)));
  }

  /**
   * The README's example of a user's test is the consumer example's test, which the build runs
   * against the published artifacts (examples/consumer).
   */
  @Test
  void readme_testingExample_isTheConsumerExampleTestVerbatim() throws IOException {
    List<String> tests =
        javaBlocks(readme()).stream().filter(b -> b.contains("@Test")).collect(Collectors.toList());
    assertThat(tests).as("test examples in README.md").hasSize(1);
    Path consumerTest =
        readme()
            .getParent()
            .resolve("examples/consumer/src/test/java/example/ReportServiceTest.java");
    assertThat(tests.get(0)).isEqualTo(Files.readString(consumerTest));
  }

  /**
   * The README's Spring Boot example is the Spring Boot example's service, which the build compiles
   * and tests in a Spring Boot 4.0.7 application (examples/spring-boot).
   */
  @Test
  void readme_springBootExample_isTheSpringBootExampleServiceVerbatim() throws IOException {
    List<String> services =
        javaBlocks(readme()).stream()
            .filter(b -> b.contains("@Service"))
            .collect(Collectors.toList());
    assertThat(services).as("Spring examples in README.md").hasSize(1);
    Path service =
        readme()
            .getParent()
            .resolve("examples/spring-boot/src/main/java/example/ReportService.java");
    assertThat(services.get(0)).isEqualTo(Files.readString(service));
  }

  private static String className(String source) {
    Matcher m = CLASS.matcher(source);
    if (!m.find()) {
      throw new IllegalStateException("README java block without a public class:\n" + source);
    }
    return m.group(1);
  }

  private void compileAndRun(String block) throws IOException, InterruptedException {
    String name = className(block);
    String source = block.replace("6379", Integer.toString(redis.server().port()));
    Path dir = Files.createTempDirectory("readme-" + name);
    Path file = dir.resolve(name + ".java");
    Files.writeString(file, source);
    Process javac =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-cp",
                JvmProcess.classpath(),
                "-d",
                dir.toString(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    String diagnostics = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(javac.waitFor()).as("%s compiles:%n%s", name, diagnostics).isZero();

    try (JvmProcess run =
        JvmProcess.startWithClasspath(
            dir + File.pathSeparator + JvmProcess.classpath(),
            name,
            Map.of(Consts.REDIS_URL_ENV, redis.uri()))) {
      assertThat(run.waitFor(TestTimeouts.seconds(60))).as(run.output()).isZero();
      Matcher printed = PRINTED.matcher(block);
      while (printed.find()) {
        assertThat(run.output()).contains(printed.group(1));
      }
    }
  }
}
