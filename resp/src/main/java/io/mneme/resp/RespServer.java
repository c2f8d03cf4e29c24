package io.mneme.resp;

import io.mneme.engine.Reply;
import io.mneme.resp.codec.RespDecoder;
import io.mneme.resp.codec.RespEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's RESP listener: a decoder and a command handler per connection. */
public final class RespServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RespServer.class);
  static final int WRITE_BUFFER_LOW_BYTES = 1 << 20;
  static final int WRITE_BUFFER_HIGH_BYTES = 4 << 20;

  private final NodeContext node;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;

  private RespServer(NodeContext node, EventLoopGroup boss, EventLoopGroup workers,
      Channel channel) {
    this.node = node;
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
  }

  /** Binds the RESP port; fails if it is taken. */
  public static RespServer start(NodeContext node, int ioThreads) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    var factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, factory);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(ioThreads, factory);
    Class<? extends ServerSocketChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 511)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(WRITE_BUFFER_LOW_BYTES, WRITE_BUFFER_HIGH_BYTES))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            accept(node, ch);
          }
        });
    try {
      Channel channel = bootstrap.bind(new InetSocketAddress(node.options.bind(),
          node.options.port())).sync().channel();
      LOG.info("RESP listening on {}:{} ({} transport, {} I/O threads)", node.options.bind(),
          node.options.port(), epoll ? "epoll" : "nio", ioThreads);
      return new RespServer(node, boss, workers, channel);
    } catch (RuntimeException | InterruptedException e) {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
      throw e;
    }
  }

  private static void accept(NodeContext node, SocketChannel ch) {
    node.connectionsReceived.increment();
    if (node.clients.size() >= node.options.maxClients()) {
      node.rejectedConnections.increment();
      ByteBuf buf = ch.alloc().buffer();
      RespEncoder.encode(Reply.error("ERR max number of clients reached"), 2, buf);
      ch.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ClientSession session = new ClientSession(node.clientIds.incrementAndGet(),
        ch.remoteAddress(), ch.localAddress(), System.currentTimeMillis());
    node.clients.put(session.id, session);
    ch.pipeline().addLast("resp-decoder", new RespDecoder(node.options.protoMaxBulkBytes()));
    ch.pipeline().addLast("commands", new CommandHandler(node, session));
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    node.forwarder.close();
    channel.close().awaitUninterruptibly();
    boss.shutdownGracefully().awaitUninterruptibly();
    workers.shutdownGracefully().awaitUninterruptibly();
  }
}
