package io.dspinlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Figures that tests measure (recovery times and the like), printed and appended to {@code
 * target/test-figures.txt} so that the docs can quote a named run.
 */
public final class Figures {
  private Figures() {}

  /**
   * Records a figure.
   *
   * @param name what was measured
   * @param value the value, with its unit
   */
  public static void report(String name, String value) {
    String line = "FIGURE " + name + " = " + value;
    System.out.println(line);
    try {
      Path file = Path.of("target", "test-figures.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
