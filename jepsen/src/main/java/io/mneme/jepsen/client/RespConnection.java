package io.mneme.jepsen.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One blocking RESP connection with a connect timeout and a per-reply read timeout. */
public final class RespConnection implements Closeable {
  /** Largest bulk string or array accepted, so a corrupt reply cannot exhaust the heap. */
  private static final int REPLY_ELEMENTS_MAX = 64 * 1024 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String address;

  private RespConnection(Socket socket, String address) throws IOException {
    this.socket = socket;
    this.address = address;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** Connects to host:port; throws if the connection is not up within connectTimeoutMillis. */
  public static RespConnection open(String hostPort, int connectTimeoutMillis,
      int readTimeoutMillis) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(readTimeoutMillis);
      s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      return new RespConnection(s, hostPort);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** The host:port this connection goes to. */
  public String address() {
    return address;
  }

  /** Sends one command. */
  public void send(String... args) throws IOException {
    out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      out.write(('$' + Integer.toString(b.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(b);
      out.write('\r');
      out.write('\n');
    }
    out.flush();
  }

  /** Reads one reply (blocking at most the read timeout per socket read). */
  public Reply read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by " + address);
    }
    String line = readLine();
    return switch (type) {
      case '+' -> new Reply(Reply.Kind.SIMPLE, line, 0, null);
      case '-' -> new Reply(Reply.Kind.ERROR, line, 0, null);
      case ':' -> new Reply(Reply.Kind.INTEGER, null, Long.parseLong(line), null);
      case '$' -> bulk(Integer.parseInt(line));
      case '*' -> array(Integer.parseInt(line));
      default -> throw new IOException("bad RESP type byte " + type + " from " + address);
    };
  }

  private Reply bulk(int len) throws IOException {
    if (len < 0) {
      return new Reply(Reply.Kind.BULK, null, 0, null);
    }
    checkSize(len);
    byte[] b = in.readNBytes(len + 2);
    if (b.length != len + 2) {
      throw new EOFException("short bulk string from " + address);
    }
    return new Reply(Reply.Kind.BULK, new String(b, 0, len, StandardCharsets.UTF_8), 0, null);
  }

  private Reply array(int n) throws IOException {
    if (n < 0) {
      return new Reply(Reply.Kind.ARRAY, null, 0, null);
    }
    checkSize(n);
    List<Reply> items = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      items.add(read());
    }
    return new Reply(Reply.Kind.ARRAY, null, 0, items);
  }

  private void checkSize(int n) throws IOException {
    if (n > REPLY_ELEMENTS_MAX) {
      throw new IOException("reply too large (" + n + ") from " + address);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i <= REPLY_ELEMENTS_MAX; i++) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed by " + address);
      }
      if (c == '\r') {
        in.read();
        return b.toString(StandardCharsets.UTF_8);
      }
      b.write(c);
    }
    throw new IOException("line too long from " + address);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is best effort: the socket is abandoned either way.
    }
  }
}
