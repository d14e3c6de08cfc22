package io.dspinlock.cli;

import io.dspinlock.testing.JvmProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the command-line tool as a real process, as {@code ./dspinlock} does. */
final class Cli {
  private Cli() {}

  /** Starts {@code dspinlock ARGS} in a JVM of its own. */
  static JvmProcess start(Map<String, String> env, String... args) {
    return JvmProcess.startWithClasspath(JvmProcess.classpath(), Main.class.getName(), env, args);
  }

  /** Starts {@code ./dspinlock ARGS} itself, never letting it build (Maven is running us). */
  static Process script(Path output, String... args) throws java.io.IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(repositoryRoot().resolve("dspinlock").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    pb.environment().put("DSPINLOCK_NO_BUILD", "1");
    return pb.start();
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("dspinlock"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no ./dspinlock script above " + new File("").getAbsolutePath());
    }
    return dir;
  }
}
