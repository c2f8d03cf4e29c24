package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** Tests that run node processes: each test's nodes are killed (-9) when it ends. */
abstract class ProcessClusterTest {
  // A failed test keeps its nodes' data and server.log files to look into.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path root;
  List<NodeProcess> nodes = List.of();

  @AfterEach
  void killAll() throws InterruptedException {
    for (NodeProcess n : nodes) {
      n.kill9();
      // A node left running would hold its ports and disturb the next test.
      assertFalse(n.isAlive(), n + " still runs after kill -9");
    }
  }
}
