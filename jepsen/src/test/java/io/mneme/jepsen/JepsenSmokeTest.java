package io.mneme.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke run (bin/mneme-jepsen-smoke) as a test. Tagged "jepsen": never part of the
 * default unit run; run it as root with
 * {@code mvn -pl jepsen test -Djepsen.excludedGroups=none -Dgroups=jepsen}.
 */
@Tag("jepsen")
class JepsenSmokeTest {
  /** Two 60 s runs plus cluster starts, recoveries and checks. */
  private static final long SMOKE_TIMEOUT_MINUTES = 10;

  @Test
  void smokeRunsAreValid() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    Path script = Path.of("bin", "mneme-jepsen-smoke").toAbsolutePath();
    Path out = Files.createTempDirectory("mneme-jepsen-smoke");
    Process p = new ProcessBuilder(script.toString(), "--out", out.toString())
        .redirectErrorStream(true).redirectOutput(new File(out.toFile(), "smoke.log")).start();
    if (!p.waitFor(SMOKE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroy();
      p.waitFor(1, TimeUnit.MINUTES);
    }
    assertEquals(0, p.exitValue(), "smoke run failed; see " + out);
  }
}
