package io.mneme.jepsen.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Locates libfaketime (Debian package "faketime"); the multithreaded build suits a JVM. */
public final class FakeTime {
  private static final List<String> CANDIDATES = List.of(
      "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
      "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
      "/usr/lib/faketime/libfaketimeMT.so.1");

  private FakeTime() {}

  /** The library path, or null when libfaketime is not installed. */
  public static String library() {
    for (String c : CANDIDATES) {
      if (Files.isReadable(Path.of(c))) {
        return c;
      }
    }
    return null;
  }
}
