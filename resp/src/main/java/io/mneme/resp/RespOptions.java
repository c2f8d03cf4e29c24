package io.mneme.resp;

/**
 * The RESP server's settings.
 *
 * @param bind the address to listen on
 * @param port the RESP port
 * @param maxClients connections beyond this are refused with Redis's error
 * @param protoMaxBulkBytes the largest bulk string a client may send
 * @param clientOutputBytesMax a client whose unsent replies exceed this is disconnected
 * @param pipelineRepliesMax replies a connection may have pending before we stop reading it
 * @param debugUnsafeReads TEST ONLY: serve reads from local state on any member, with no read
 *     barrier; breaks linearizability on purpose so that jepsen/ can show it catches that
 */
public record RespOptions(String bind, int port, int maxClients, long protoMaxBulkBytes,
    long clientOutputBytesMax, int pipelineRepliesMax, boolean debugUnsafeReads) {
  public static final int MAX_CLIENTS_DEFAULT = 10_000;
  public static final long PROTO_MAX_BULK_BYTES_DEFAULT = 512L << 20;
  public static final long CLIENT_OUTPUT_BYTES_MAX_DEFAULT = 1L << 30;
  public static final int PIPELINE_REPLIES_MAX_DEFAULT = 1024;

  public static RespOptions defaults(String bind, int port) {
    return new RespOptions(bind, port, MAX_CLIENTS_DEFAULT, PROTO_MAX_BULK_BYTES_DEFAULT,
        CLIENT_OUTPUT_BYTES_MAX_DEFAULT, PIPELINE_REPLIES_MAX_DEFAULT, false);
  }
}
