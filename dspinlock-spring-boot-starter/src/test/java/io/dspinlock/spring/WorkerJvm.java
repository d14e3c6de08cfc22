package io.dspinlock.spring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker JVM running a {@code main} class of the test classpath, its output captured to a file:
 * the minimal part of dspinlock-it's {@code JvmProcess}.
 *
 * @param process the running JVM
 * @param output where its standard output and error go
 */
record WorkerJvm(Process process, Path output) implements AutoCloseable {

  /** Starts {@code main} with {@code args} in a new JVM on this JVM's classpath. */
  static WorkerJvm start(Class<?> main, String... args) throws IOException {
    String cp = System.getProperty("surefire.test.class.path", "");
    if (cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("dspinlock-worker-", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    return new WorkerJvm(p, out);
  }

  /** {@return whether the worker has printed {@code word}} */
  boolean says(String word) throws IOException {
    return Files.readString(output).contains(word);
  }

  /** {@return everything the worker printed} */
  String printed() throws IOException {
    return Files.readString(output);
  }

  /** Kills the worker (SIGKILL) and deletes its output. */
  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(output);
  }
}
