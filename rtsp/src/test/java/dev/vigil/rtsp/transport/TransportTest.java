package dev.vigil.rtsp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TransportTest {
    @Test
    void epollIsTheDefaultWhereItLoads() {
        assertThat(Transport.choose(null, true, null)).isEqualTo(Transport.EPOLL);
        assertThat(Transport.choose("", true, null)).isEqualTo(Transport.EPOLL);
        assertThat(Transport.choose("EPOLL", true, null)).isEqualTo(Transport.EPOLL);
    }

    @Test
    void nioWhenForcedOrWhenEpollCannotLoad() {
        assertThat(Transport.choose("nio", true, null)).isEqualTo(Transport.NIO);
        assertThat(Transport.choose(" NIO ", true, null)).isEqualTo(Transport.NIO);
        assertThat(Transport.choose(null, false, new UnsatisfiedLinkError("no .so"))).isEqualTo(Transport.NIO);
        assertThat(Transport.choose("epoll", false, new UnsatisfiedLinkError("no .so"))).isEqualTo(Transport.NIO);
    }

    @Test
    void anUnknownValueFallsBackToTheDefault() {
        assertThat(Transport.choose("kqueue", true, null)).isEqualTo(Transport.EPOLL);
        assertThat(Transport.choose("kqueue", false, null)).isEqualTo(Transport.NIO);
    }

    @Test
    void theTransportOfAGroupOrOfOneOfItsLoopsIsItsKind() {
        NioEventLoopGroup nio = new NioEventLoopGroup(1);
        try {
            assertThat(Transport.of(nio)).isEqualTo(Transport.NIO);
            assertThat(Transport.of(nio.next())).isEqualTo(Transport.NIO);
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        Assumptions.assumeTrue(Epoll.isAvailable(), "native epoll loads here");
        EventLoopGroup epoll = Transport.EPOLL.newGroup(1);
        try {
            assertThat(Transport.of(epoll)).isEqualTo(Transport.EPOLL);
            assertThat(Transport.of(epoll.next())).isEqualTo(Transport.EPOLL);
        } finally {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void theChosenTransportFollowsTheProperty() {
        String property = System.getProperty(Transport.PROPERTY);
        Transport expected = "nio".equalsIgnoreCase(property) || !Epoll.isAvailable() ? Transport.NIO : Transport.EPOLL;
        assertThat(Transport.chosen()).isEqualTo(expected);
    }
}
