package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.test.RedisServer;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.RedisAdmin;
import io.dspinlock.testing.TestTimeouts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Compiles every {@code java} code block of the README and of the pages under {@code docs/} and
 * runs it in its own JVM against the test's redis-server, which has one replica; the block must
 * exit 0 and print every string it passes to {@code println}. The default connection is pointed at
 * the test server through {@code DSPINLOCK_REDIS_URL}, and the port {@code 6379} written in an
 * example is replaced by the test server's port. A block that starts with {@code package example;}
 * is instead a source file of one of the examples under {@code examples/}, verbatim: the build
 * compiles and tests those in their own applications.
 */
class ReadmeExamplesIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern PRINTED = Pattern.compile("println\\(\"([^\"]*)\"\\)");
  private static final Pattern TOP_LEVEL =
      Pattern.compile("^(?:public )?(?:final )?(?:class|record) (\\w+)", Pattern.MULTILINE);
  private static final String EXAMPLE_SOURCE = "package example;\n";

  private static RedisServer replica;

  @BeforeAll
  static void startReplica() {
    replica = RedisAdmin.startReplicaOf(redis.server().port());
  }

  @AfterAll
  static void stopReplica() {
    replica.close();
  }

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Path readme() {
    return root().resolve("README.md");
  }

  static List<Path> docs() throws IOException {
    try (Stream<Path> pages = Files.list(root().resolve("docs"))) {
      return pages.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
    }
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
    List<String> blocks = runnable(readme());
    assertThat(blocks).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(5);
    return blocks.stream().map(b -> DynamicTest.dynamicTest(className(b), () -> compileAndRun(b)));
  }

  @TestFactory
  Stream<DynamicTest> docs_everyJavaBlock_compilesAndRuns() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path page : docs()) {
      for (String b : runnable(page)) {
        tests.add(
            DynamicTest.dynamicTest(
                page.getFileName() + " " + className(b), () -> compileAndRun(b)));
      }
    }
    assertThat(tests).as("runnable java blocks under docs/").isNotEmpty();
    return tests.stream();
  }

  /**
   * The README's and the docs' blocks of example sources are those files verbatim: the user's test
   * of examples/consumer, which the build runs against the published artifacts, and the Spring Boot
   * 4.0.7 application of examples/spring-boot, which the build compiles and tests.
   */
  @TestFactory
  Stream<DynamicTest> exampleBlocks_areTheExamplesSourcesVerbatim() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(readme()));
    pages.addAll(docs());
    List<DynamicTest> tests = new ArrayList<>();
    Map<String, List<String>> quoted = new TreeMap<>();
    for (Path page : pages) {
      for (String b : javaBlocks(page)) {
        if (b.startsWith(EXAMPLE_SOURCE)) {
          String name = className(b);
          String where = root().relativize(page).toString();
          quoted.computeIfAbsent(where, k -> new ArrayList<>()).add(name);
          tests.add(DynamicTest.dynamicTest(where + " " + name, () -> assertVerbatim(name, b)));
        }
      }
    }
    assertThat(quoted)
        .as("example sources quoted")
        .containsEntry(
            "README.md",
            List.of(
                "ReportService",
                "InvoiceJobs",
                "ExchangeRates",
                "LeaderElection",
                "ReportServiceTest"))
        .containsEntry(
            "docs/MIGRATING-FROM-REDISLOCKREGISTRY.md", List.of("OrderShipping", "LeaderElection"));
    return tests.stream();
  }

  private static List<String> runnable(Path markdown) throws IOException {
    return javaBlocks(markdown).stream()
        .filter(b -> !b.startsWith(EXAMPLE_SOURCE))
        .collect(Collectors.toList());
  }

  private static void assertVerbatim(String name, String block) throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root().resolve("examples"))) {
      sources =
          files
              .filter(f -> f.getFileName().toString().equals(name + ".java"))
              .filter(f -> !f.toString().contains("/target/"))
              .collect(Collectors.toList());
    }
    List<String> contents = new ArrayList<>();
    for (Path f : sources) {
      contents.add(Files.readString(f));
    }
    // examples/consumer and examples/spring-boot each have a ReportService
    assertThat(contents).as("the example sources named " + name).contains(block);
  }

  private static String className(String source) {
    Matcher m = TOP_LEVEL.matcher(source);
    if (!m.find()) {
      throw new IllegalStateException("java block without a top-level class:\n" + source);
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
