package dev.vigil.rtsp.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    /** Every packet a test made: each must have been released once, by the tracker or the output. */
    static final List<RtpPacket> made = new ArrayList<>();

    /** Records "seq" or "seq(lost n)" and "restart"; releases what it is given, as an output must. */
    static final class Log implements SequenceTracker.Output {
        final List<String> events = new ArrayList<>();

        @Override
        public void deliver(RtpPacket packet, int lostBefore) {
            events.add(packet.sequence() + (lostBefore > 0 ? "(lost " + lostBefore + ")" : ""));
            packet.release();
        }

        @Override
        public void restarted() {
            events.add("restart");
        }
    }

    static RtpPacket seq(int s) {
        RtpPacket p = new RtpPacket(false, 96, s & 0xFFFF, 0, 1, 0, false, false, Unpooled.buffer(4).writeInt(s));
        made.add(p);
        return p;
    }

    @AfterEach
    void everyPacketReleasedOnce() {
        for (RtpPacket p : made) assertThat(p.payload().refCnt()).as("%s", p).isZero();
        made.clear();
    }

    static Log push(SequenceTracker t, int... seqs) {
        Log log = new Log();
        for (int s : seqs) t.push(seq(s), log);
        return log;
    }

    @Test
    void inOrderAcrossTheWrap() {
        SequenceTracker t = new SequenceTracker(8);
        assertThat(push(t, 65534, 65535, 0, 1).events).containsExactly("65534", "65535", "0", "1");
        assertThat(t.lost()).isZero();
    }

    @Test
    void tcpHasNoWindowAndCountsHolesAtOnce() {
        SequenceTracker t = new SequenceTracker(0);
        assertThat(push(t, 10, 11, 14, 15, 13).events).containsExactly("10", "11", "14(lost 2)", "15");
        assertThat(t.lost()).isEqualTo(2);
        assertThat(t.duplicates()).isEqualTo(1);
    }

    @Test
    void reordersWithinTheWindow() {
        SequenceTracker t = new SequenceTracker(8);
        assertThat(push(t, 1, 3, 4, 2, 5).events).containsExactly("1", "2", "3", "4", "5");
        assertThat(t.lost()).isZero();
        assertThat(t.reordered()).isEqualTo(1);
    }

    @Test
    void reordersAcrossTheWrap() {
        SequenceTracker t = new SequenceTracker(8);
        assertThat(push(t, 65534, 0, 65535, 1).events).containsExactly("65534", "65535", "0", "1");
    }

    @Test
    void givesUpAHoleOnceAPacketAWindowAheadArrives() {
        SequenceTracker t = new SequenceTracker(4);
        Log log = push(t, 1, 3, 4, 5);
        assertThat(log.events).as("5 is still within 2+4").containsExactly("1");
        t.push(seq(6), log);
        assertThat(log.events).containsExactly("1", "3(lost 1)", "4", "5", "6");
        t.push(seq(2), log);
        assertThat(t.duplicates()).as("2 came too late").isEqualTo(1);
        assertThat(t.lost()).isEqualTo(1);
    }

    @Test
    void aBigJumpIsOnlyBelievedWhenTheNextPacketFollowsIt() {
        SequenceTracker t = new SequenceTracker(8);
        Log log = push(t, 100, 101, 30000, 102, 40000, 40001, 40002);
        assertThat(log.events).containsExactly("100", "101", "102", "restart", "40001", "40002");
        assertThat(t.restarts()).isEqualTo(1);
    }

    @Test
    void duplicatesAreDropped() {
        SequenceTracker t = new SequenceTracker(8);
        assertThat(push(t, 1, 1, 3, 3, 2).events).containsExactly("1", "2", "3");
        assertThat(t.duplicates()).isEqualTo(2);
    }

    @Test
    void flushDeliversWhatTheWindowHolds() {
        SequenceTracker t = new SequenceTracker(8);
        Log log = push(t, 1, 4, 5);
        t.flush(log);
        assertThat(log.events).containsExactly("1", "4(lost 2)", "5");
    }

    @Test
    void releasesDuplicatesLateAndJunkPackets() {
        SequenceTracker t = new SequenceTracker(8);
        RtpPacket duplicate = seq(1);
        RtpPacket heldTwice = seq(3);
        RtpPacket junk = seq(30000);
        Log log = push(t, 1);
        t.push(duplicate, log);
        push(t, 3);
        t.push(heldTwice, log);
        t.push(junk, log);
        assertThat(duplicate.payload().refCnt()).as("duplicate of a delivered packet").isZero();
        assertThat(heldTwice.payload().refCnt()).as("duplicate of a held packet").isZero();
        assertThat(junk.payload().refCnt()).as("junk on probation").isZero();
        t.flush(log);
        RtpPacket late = seq(2);
        t.push(late, log);
        assertThat(late.payload().refCnt()).as("late").isZero();
    }

    @Test
    void tcpReleasesLatePackets() {
        SequenceTracker t = new SequenceTracker(0);
        push(t, 10, 11, 14, 13, 14);
        assertThat(t.duplicates()).isEqualTo(2);
    }

    @Test
    void resetReleasesWhatTheWindowHolds() {
        SequenceTracker t = new SequenceTracker(8);
        Log log = push(t, 1, 3, 4, 6);
        assertThat(log.events).containsExactly("1");
        t.reset();
        assertThat(made.subList(1, 4)).allSatisfy(p -> assertThat(p.payload().refCnt()).isZero());
    }
}
