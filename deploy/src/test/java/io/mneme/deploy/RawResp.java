package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Commands over a plain socket, for replies checked byte for byte against redis-server's. */
final class RawResp {
  private static final int READ_TIMEOUT_MS = 10_000;
  /** How long a reply that should not come is waited for. */
  private static final int QUIET_MS = 200;

  private RawResp() {}

  /**
   * Sends the commands (words split on spaces) and checks that their replies add up to exactly
   * {@code expected}: as many bytes, and nothing more within a moment.
   */
  static void assertExchange(Socket s, String expected, String... commands)
      throws IOException {
    for (String c : commands) {
      send(s, c);
    }
    s.setSoTimeout(READ_TIMEOUT_MS);
    InputStream in = s.getInputStream();
    StringBuilder sb = new StringBuilder();
    try {
      for (int b; sb.length() < expected.length() && (b = in.read()) >= 0; ) {
        sb.append((char) b);
      }
    } catch (java.net.SocketTimeoutException timedOut) {
      assertEquals(expected, sb.toString()); // shows what came
    }
    sleepQuietly();
    while (in.available() > 0) {
      sb.append((char) in.read());
    }
    assertEquals(expected, sb.toString());
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(QUIET_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void send(Socket s, String command) throws IOException {
    String[] parts = command.split(" ");
    StringBuilder sb = new StringBuilder("*").append(parts.length).append("\r\n");
    for (String p : parts) {
      sb.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
          .append(p).append("\r\n");
    }
    OutputStream out = s.getOutputStream();
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads bytes until the text read so far ends with {@code end}; returns that text. */
  static String readUntil(Socket s, String end) throws IOException {
    s.setSoTimeout(READ_TIMEOUT_MS);
    InputStream in = s.getInputStream();
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + sb);
      }
      sb.append((char) b);
    }
    return sb.toString();
  }
}
