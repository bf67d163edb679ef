package dev.vigil.daemon.ops;

import dev.vigil.config.HttpBind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP/1.1 server (Netty): one I/O thread, and two handler threads on which the
 * {@link Router}'s routes run, so a slow route (a scrape, a catalog query) never holds up
 * accepting and reading other connections. Requests carry no body worth having (only GET), so
 * they are capped at 64 KiB.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final EventLoopGroup io;
    private final EventExecutorGroup handlers;
    private final Channel channel;
    private final ChannelGroup connections;

    private HttpServer(EventLoopGroup io, EventExecutorGroup handlers, Channel channel, ChannelGroup connections) {
        this.io = io;
        this.handlers = handlers;
        this.channel = channel;
        this.connections = connections;
    }

    /** Listens on the configured bind. */
    public static HttpServer start(HttpBind bind, Router router) throws IOException {
        return start(bind.host(), bind.port(), router);
    }

    /** Listens on {@code host:port}; port 0 picks a free one, see {@link #port()}. */
    public static HttpServer start(String host, int port, Router router) throws IOException {
        EventLoopGroup io = new NioEventLoopGroup(1, new DefaultThreadFactory("vigil-http-io", true));
        EventExecutorGroup handlers = new DefaultEventExecutorGroup(2, new DefaultThreadFactory("vigil-http", true));
        ChannelGroup connections = new DefaultChannelGroup("vigil-http", GlobalEventExecutor.INSTANCE);
        try {
            Channel channel = new ServerBootstrap().group(io).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                    new HttpServerKeepAliveHandler());
                            // On the handler threads too: pulling a streamed body's next piece reads the disk.
                            ch.pipeline().addLast(handlers, "chunked", new ChunkedWriteHandler());
                            ch.pipeline().addLast(handlers, "router", new RouterHandler(router));
                        }
                    })
                    .bind(host, port).syncUninterruptibly().channel();
            HttpServer server = new HttpServer(io, handlers, channel, connections);
            log.info("HTTP server listening on {}", server.address());
            return server;
        } catch (Exception e) {
            // syncUninterruptibly rethrows the bind failure (BindException, UnresolvedAddressException...) as is.
            shutdown(io, handlers);
            String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            throw new IOException("cannot listen on " + hostPort + " (" + e + "); set httpBind in the config to a free"
                    + " port on an address of this machine, or stop what is using it", e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The port actually bound (the chosen one when started with port 0). */
    public int port() {
        return address().getPort();
    }

    /** Stops listening and closes every connection; waits at most a few seconds. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        shutdown(io, handlers);
    }

    /**
     * Both at once, each with a short quiet period: a closing connection's pipeline is torn down
     * by hopping between the I/O thread and its handler thread, and a group that terminated first
     * would reject the hop.
     */
    private static void shutdown(EventLoopGroup io, EventExecutorGroup handlers) {
        Future<?> ioDone = io.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS);
        Future<?> handlersDone = handlers.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS);
        ioDone.awaitUninterruptibly();
        handlersDone.awaitUninterruptibly();
    }

    /** Turns Netty requests into {@link Request}s and {@link Response}s into Netty responses. */
    private static final class RouterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Router router;

        RouterHandler(Router router) {
            this.router = router;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            Response response;
            if (req.decoderResult().isFailure()) {
                response = Response.error(400, "malformed HTTP request: " + req.decoderResult().cause().getMessage());
            } else {
                response = route(req);
            }
            boolean head = req.method().equals(HttpMethod.HEAD);
            if (response.stream() != null && !head && !req.decoderResult().isFailure()) {
                stream(ctx, req, response);
                return;
            }
            FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.length());
            out.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
            response.headers().forEach(out.headers()::set);
            if (req.decoderResult().isFailure()) {
                out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            } else {
                HttpUtil.setKeepAlive(out, HttpUtil.isKeepAlive(req));
                ctx.writeAndFlush(out);
            }
        }

        /** Headers first, then the body piece by piece as the connection drains (ChunkedWriteHandler). */
        private static void stream(ChannelHandlerContext ctx, FullHttpRequest req, Response response) {
            HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.length());
            out.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
            response.headers().forEach(out.headers()::set);
            HttpUtil.setKeepAlive(out, HttpUtil.isKeepAlive(req));
            String uri = req.uri(); // the request is released when channelRead0 returns
            ctx.write(out);
            ctx.writeAndFlush(new HttpChunkedInput(new BodyInput(response.stream()))).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    // Headers promised a length that will not come (a file deleted by retention, a
                    // read error, a client gone): only closing tells the client.
                    log.debug("streaming {} failed", uri, f.cause());
                    f.channel().close();
                }
            });
        }

        private Response route(FullHttpRequest req) {
            String path;
            Map<String, List<String>> query;
            try {
                // Decodes lazily: a bad escape such as %zz surfaces here.
                QueryStringDecoder uri = new QueryStringDecoder(req.uri());
                path = uri.path();
                query = uri.parameters();
            } catch (IllegalArgumentException e) {
                return Response.error(400, "malformed request target: " + e.getMessage());
            }
            if (!path.startsWith("/")) {
                return Response.error(400, "the request target must be a path such as /metrics");
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            req.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue()));
            return router.route(new Request(req.method().name(), path, query, headers));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("HTTP connection from {} failed", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }
}
