package io.dspinlock.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration processor's output, which IDEs read to complete and document properties. */
class ConfigurationMetadataTest {

  @Test
  void metadata_isGenerated_withEveryPropertyItsDefaultAndDescription() throws IOException {
    String json = ownMetadata();
    for (String name :
        List.of(
            "dspinlock.enabled",
            "dspinlock.redis.url",
            "dspinlock.lock.max-tries",
            "dspinlock.lock.sleep",
            "dspinlock.lock.lease",
            "dspinlock.lock.max-block",
            "dspinlock.lock.computed-expiry",
            "dspinlock.accept-evicting-server",
            "dspinlock.health.timeout")) {
      assertThat(json).contains("\"name\": \"" + name + "\"");
    }
    assertThat(json)
        .contains("\"defaultValue\": 10")
        .contains("\"defaultValue\": \"500ms\"")
        .contains("\"defaultValue\": \"30s\"")
        .contains("\"defaultValue\": \"30m\"")
        .contains("\"defaultValue\": \"1h\"")
        .contains("\"description\": \"Most attempts one acquire() makes");
  }

  @Test
  void autoConfigurations_areRegistered() throws IOException {
    String imports =
        read(
            getClass()
                .getClassLoader()
                .getResource(
                    "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"));
    assertThat(imports.lines())
        .containsExactly(
            DSpinlockAutoConfiguration.class.getName(),
            DSpinlockAnnotationAutoConfiguration.class.getName(),
            DSpinlockHealthAutoConfiguration.class.getName(),
            DSpinlockMetricsAutoConfiguration.class.getName(),
            DSpinlockIntegrationAutoConfiguration.class.getName());
  }

  /** Ours, not those of the Boot jars on the test class path. */
  private String ownMetadata() throws IOException {
    for (URL url :
        Collections.list(
            getClass()
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
      String json = read(url);
      if (json.contains("io.dspinlock.spring.DSpinlockProperties")) {
        return json;
      }
    }
    throw new AssertionError("no spring-configuration-metadata.json of DSpinlockProperties");
  }

  private static String read(URL url) throws IOException {
    try (var in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
