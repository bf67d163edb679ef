package dev.vigil.rtsp.fuzz;

import dev.vigil.rtsp.testing.Packetizer;
import dev.vigil.rtsp.testing.Streams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the seed corpus of the fuzz targets: {@code <TestClass>Inputs/<method>/<name>} under the
 * test resources, where Jazzer looks for them. Seeds are small on purpose (a few kB): the fuzzer
 * mutates them, and long inputs only slow it down. Rerun after changing a seed or the script format:
 *
 * <pre>mvn -o -q -pl rtsp test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.vigil.rtsp.fuzz.SeedWriter</pre>
 *
 * (from the repository root; public only for exec:java. The crash inputs the fuzzer adds next to these are kept as they are).
 */
public final class SeedWriter {
    static final Path ROOT = Path.of("rtsp/src/test/resources/dev/vigil/rtsp/fuzz");

    private SeedWriter() {}

    public static void main(String[] args) throws IOException {
        rtspStream();
        sdp();
        headers();
        rtp();
        h264();
        h265();
        aac();
        g711();
    }

    // ---- the RTSP connection ----

    static final String SDP_H264_AAC = String.join("\r\n",
            "v=0", "o=- 1700000000 1 IN IP4 192.168.1.64", "s=Media Presentation", "e=NONE", "b=AS:5100",
            "t=0 0", "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/",
            "m=video 0 RTP/AVP 96", "c=IN IP4 0.0.0.0", "b=AS:5000", "a=recvonly", "a=x-dimensions:1920,1080",
            "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1",
            "a=rtpmap:96 H264/90000",
            "a=fmtp:96 profile-level-id=42C00B;packetization-mode=1;sprop-parameter-sets="
                    + DepacketizerFuzzTest.H264_SPROP,
            "m=audio 0 RTP/AVP 97", "a=rtpmap:97 MPEG4-GENERIC/44100/2",
            "a=fmtp:97 streamtype=5;profile-level-id=15;mode=AAC-hbr;config=1210;sizeLength=13;indexLength=3;indexDeltaLength=3",
            "a=control:trackID=2", "a=Media_header:MEDIAINFO=494D4B48;", "") + "\r\n";

    static final String SDP_H265_PCMU = String.join("\r\n",
            "v=0", "o=- 38990265062388 38990265062388 IN IP4 10.0.0.8", "s=RTSP Session", "c=IN IP4 0.0.0.0",
            "t=0 0", "a=control:*", "a=range:npt=0-",
            "m=video 0 RTP/AVP 98", "a=rtpmap:98 H265/90000",
            "a=fmtp:98 sprop-vps=" + DepacketizerFuzzTest.H265_SPROP.get("sprop-vps")
                    + "; sprop-sps=" + DepacketizerFuzzTest.H265_SPROP.get("sprop-sps")
                    + "; sprop-pps=" + DepacketizerFuzzTest.H265_SPROP.get("sprop-pps"),
            "a=framerate:25.000", "a=control:track1",
            "m=audio 0 RTP/AVP 0", "a=control:track2", "a=sendonly", "");

    private static void rtspStream() throws IOException {
        byte[] rtp = PacketScript.rtp(96, 7, 3000, PacketScript.SSRC, true, new byte[] {0x65, (byte) 0x88, 0x04, 0x21});
        byte[] sr = rtcpSenderReport();
        String options = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER\r\n\r\n";
        String describe = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://192.168.1.64:554/Streaming/Channels/101/\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + SDP_H264_AAC.length() + "\r\n\r\n" + SDP_H264_AAC;
        String setup = "RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 1846753812;timeout=60\r\n"
                + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=12345678;mode=\"play\"\r\n\r\n";
        String play = "RTSP/1.0 200 OK\r\nCSeq: 4\r\nSession: 1846753812\r\n"
                + "RTP-Info: url=rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1;seq=7;rtptime=3000\r\n\r\n";
        String serverRequest = "GET_PARAMETER rtsp://192.168.1.64/ RTSP/1.0\r\nCSeq: 9\r\n\r\n";
        byte[] session = concat(ascii(options + describe + setup + play), frame(0, rtp), frame(1, sr),
                ascii(serverRequest), frame(0, rtp));
        write("RtspStreamFuzzTest", "pipeline", "session-128-byte-reads", concat(new byte[] {0x7F}, session));
        write("RtspStreamFuzzTest", "framing", "session-128-byte-reads", concat(new byte[] {0x7F}, session));

        String unauthorized = "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n"
                + "WWW-Authenticate: Digest realm=\"IP Camera(21388)\", nonce=\"a1b2c3\", stale=\"FALSE\"\r\n"
                + "WWW-Authenticate: Basic realm=\"IP Camera(21388)\"\r\n\r\n";
        byte[] bytewise = concat(ascii(unauthorized), frame(2, rtp));
        write("RtspStreamFuzzTest", "pipeline", "unauthorized-1-byte-reads", concat(new byte[] {0x00}, bytewise));
        write("RtspStreamFuzzTest", "framing", "unauthorized-1-byte-reads", concat(new byte[] {0x00}, bytewise));

        // A camera that lost its framing: garbage, bare LF line ends, a frame cut by a message.
        byte[] garbage = concat(ascii("\r\n\0xyz"), frame(0, rtp), ascii("\nRTSP/1.0 200 OK\nCSeq: 5\n\n"),
                Arrays.copyOf(frame(0, rtp), 6), ascii("RTSP/1.0 200 OK\r\nCSeq: 6\r\nContent-Length: 4\r\n\r\nabcd"));
        write("RtspStreamFuzzTest", "pipeline", "garbage-small-limit", concat(new byte[] {(byte) 0x87}, garbage));
        write("RtspStreamFuzzTest", "framing", "garbage-small-limit", concat(new byte[] {(byte) 0x87}, garbage));

        byte[] tooLong = ascii("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 300\r\n\r\n" + "x".repeat(300));
        write("RtspStreamFuzzTest", "pipeline", "too-long", concat(new byte[] {(byte) 0x9F}, tooLong));
        write("RtspStreamFuzzTest", "framing", "too-long", concat(new byte[] {(byte) 0x9F}, tooLong));
    }

    private static void sdp() throws IOException {
        write("SdpFuzzTest", "describe", "hikvision-h264-aac.sdp", ascii(SDP_H264_AAC));
        write("SdpFuzzTest", "describe", "h265-pcmu-lf.sdp", ascii(SDP_H265_PCMU));
        write("SdpFuzzTest", "describe", "broken.sdp", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                ascii("v=x\r\n  s=cam \r\nm=video\r\na=rtpmap:96 H264/90000\r\nm=video 99999 RTP/AVP 96 300 abc\r\n"
                        + "a=rtpmap:96 H264\r\na=fmtp:96\r\na=fmtp:x y\r\na=framerate:-1\r\na=control:rtsp://u:p@cam/x\r\n"
                        + "m=audio 0 RTP/AVP\r\na=inactive\r\n\0")));
    }

    private static void headers() throws IOException {
        write("HeaderFuzzTest", "wwwAuthenticate", "digest-md5",
                ascii("Digest realm=\"IP Camera\", nonce=\"4d2f\", algorithm=MD5, qop=\"auth,auth-int\", opaque=\"x\""));
        write("HeaderFuzzTest", "wwwAuthenticate", "two-values",
                ascii("Basic realm=\"cam\"\0Digest realm=\"cam\" nonce=\"n\\\"q\" algorithm=SHA-256 stale=TRUE"));
        write("HeaderFuzzTest", "wwwAuthenticate", "token68", ascii("Negotiate YII=, Digest realm=r, nonce=y"));
        write("HeaderFuzzTest", "transport", "tcp", ascii("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=1A2B3C4D;mode=\"play\""));
        write("HeaderFuzzTest", "transport", "udp",
                ascii("RTP/AVP;unicast;client_port=5000-5001;server_port=6970;source=10.0.0.2;ssrc=123456789"));
        write("HeaderFuzzTest", "transport", "multicast", ascii("RTP/AVP;multicast;destination=239.0.0.1;port=5000-5001;ttl=1"));
        write("HeaderFuzzTest", "session", "timeout", ascii("1846753812;timeout=60"));
        write("HeaderFuzzTest", "session", "odd", ascii(" ABC$-_.+ ;timeout=\"0\";x"));
        write("HeaderFuzzTest", "rtpInfo", "two-tracks",
                ascii("url=rtsp://cam/stream/trackID=1;seq=1234;rtptime=3000000000, url=trackID=2;seq=1;rtptime=0"));
        write("HeaderFuzzTest", "rtpInfo", "comma-in-url", ascii("url=\"rtsp://cam/a,b\";seq=70000;rtptime=-1;ssrc=1"));
    }

    private static void rtp() throws IOException {
        write("RtpFuzzTest", "rtp", "plain", PacketScript.rtp(96, 1, 3000, PacketScript.SSRC, true, new byte[] {0x41, 1, 2}));
        // Two CSRCs, a one-word header extension, two octets of padding.
        byte[] full = PacketScript.rtp(96, 2, 3000, PacketScript.SSRC, false,
                concat(new byte[] {0, 0, 0, 1, 0, 0, 0, 2, (byte) 0xBE, (byte) 0xDE, 0, 1, 1, 2, 3, 4, 0x41, 9, 0, 2}));
        full[0] = (byte) (0x80 | 0x20 | 0x10 | 2);
        write("RtpFuzzTest", "rtp", "csrc-extension-padding", full);
        write("RtpFuzzTest", "rtcp", "sr-rr", concat(rtcpSenderReport(), new byte[] {(byte) 0x80, (byte) 201, 0, 1, 1, 2, 3, 4}));
    }

    // ---- depacketizers ----

    private static void h264() throws IOException {
        List<List<byte[]>> aus = accessUnits(Streams.read("h264-320x240.h264"), false, 6, 500);
        Packetizer p = new Packetizer(Packetizer.Kind.H264, 200, true);
        // config 2: TCP, the fmtp with the stream's own sprop-parameter-sets
        write("DepacketizerFuzzTest", "h264", "clean-tcp", script(2, p, aus, -1, 3000).bytes());
        // config 1: UDP, no fmtp; the fourth packet is lost
        write("DepacketizerFuzzTest", "h264", "loss-udp", script(1, p, aus, 3, 3000).bytes());
        PacketScript.Writer w = script(2, p, aus.subList(0, 3), -1, 3000).pause(60);
        for (byte[] pkt : p.packetize(aus.get(0))) w.foreignSsrc(false, 0, pkt);
        write("DepacketizerFuzzTest", "h264", "ssrc-change", w.bytes());
        write("DepacketizerFuzzTest", "h264", "odd-payloads", new PacketScript.Writer(0)
                .packet(false, 0, bytes(0x78, 0, 3, 0x67, 0x42, 0, 0, 0x68)) // STAP-A, second size runs over
                .packet(true, 0, bytes(0x7C, 0x45, 1, 2, 3)) // FU-A end without a start
                .packet(true, 3000, bytes(0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x0B, 0, 0, 1, 0x65, 0x88, 0x84)) // Annex-B inside
                .packet(false, 3000, bytes(0x79, 0, 0)) // STAP-B: unsupported
                .packet(true, 0, bytes(0x7C, 0xC5, 0x88)) // FU-A with S and E
                .rtcp(rtcpSenderReport())
                .bytes());
    }

    private static void h265() throws IOException {
        List<List<byte[]>> aus = accessUnits(Streams.read("h265-640x360.h265"), true, 4, 500);
        Packetizer p = new Packetizer(Packetizer.Kind.H265, 200, true);
        write("DepacketizerFuzzTest", "h265", "clean-tcp", script(2, p, aus, -1, 3000).bytes());
        write("DepacketizerFuzzTest", "h265", "loss-udp-donl-fmtp", script(5, p, aus, 2, 3000).bytes());
        write("DepacketizerFuzzTest", "h265", "odd-payloads", new PacketScript.Writer(0)
                .packet(false, 0, bytes(0x60, 1, 0, 3, 0x40, 1)) // AP, size runs over
                .packet(true, 0, bytes(0x62, 1, 0x53, 1, 2)) // FU end without a start
                .packet(true, 3000, bytes(0x64, 1, 9)) // PACI: unsupported
                .packet(true, 3000, bytes(0x62, 1, 0xD3, 0xAF)) // FU with S and E
                .bytes());
    }

    private static void aac() throws IOException {
        // AAC-hbr (variant 0): 13-bit size, 3-bit index per AU header.
        PacketScript.Writer hbr = new PacketScript.Writer(0);
        hbr.packet(true, 1024, concat(bytes(0, 16, 0x02, 0x00), filler(64))); // one AU of 64 bytes
        hbr.packet(true, 3072, concat(bytes(0, 48, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00), filler(96))); // three of 32
        // One AU of 600 bytes over three packets, each with the whole size in its AU header.
        byte[] head = bytes(0, 16, (600 >> 5) & 0xFF, (600 << 3) & 0xFF);
        hbr.packet(false, 1024, concat(head, filler(250))).packet(false, 0, concat(head, filler(250)))
                .packet(true, 0, concat(head, filler(100)));
        write("DepacketizerFuzzTest", "aac", "hbr", hbr.bytes());
        // AAC-lbr (variant 1, UDP): 6-bit size, 2-bit index.
        write("DepacketizerFuzzTest", "aac", "lbr-udp", new PacketScript.Writer(3)
                .packet(true, 1024, concat(bytes(0, 8, 20 << 2), filler(20)))
                .packet(true, 1024, 2, concat(bytes(0, 16, 20 << 2, 20 << 2), filler(40)))
                .bytes());
    }

    private static void g711() throws IOException {
        PacketScript.Writer mulaw = new PacketScript.Writer(0);
        for (int i = 0; i < 4; i++) mulaw.packet(i == 0, 160, filler(160));
        write("DepacketizerFuzzTest", "g711", "pcmu", mulaw.bytes());
        PacketScript.Writer alaw = new PacketScript.Writer(3);
        for (int i = 0; i < 4; i++) alaw.packet(false, 160, i == 2 ? 3 : 1, filler(160));
        write("DepacketizerFuzzTest", "g711", "pcma-loss-udp", alaw.pause(60).packet(false, 160, filler(0)).bytes());
    }

    /** Packets of {@code aus}, the marker on each unit's last; packet number {@code drop} is left out. */
    private static PacketScript.Writer script(int config, Packetizer p, List<List<byte[]>> aus, int drop, int tsStep) {
        PacketScript.Writer w = new PacketScript.Writer(config);
        int n = 0;
        boolean skipped = false;
        for (List<byte[]> au : aus) {
            List<byte[]> packets = p.packetize(au);
            for (int i = 0; i < packets.size(); i++) {
                if (n++ == drop) {
                    skipped = true;
                    continue;
                }
                w.packet(i == packets.size() - 1, i == 0 && n > 1 ? tsStep : 0, skipped ? 2 : 1, packets.get(i));
                skipped = false;
            }
        }
        return w;
    }

    /**
     * The stream's NAL units grouped into access units: a unit starts at a parameter set, SEI or
     * AUD that follows a slice, or at a slice that starts a picture. Each NAL unit is cut to
     * {@code maxNal} bytes: the depacketizers never look inside a slice.
     */
    static List<List<byte[]>> accessUnits(byte[] annexB, boolean h265, int count, int maxNal) {
        List<List<byte[]>> out = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean sawSlice = false;
        for (byte[] nal : nals(annexB)) {
            int type = h265 ? (nal[0] >> 1) & 0x3F : nal[0] & 0x1F;
            boolean slice = h265 ? type < 32 : type >= 1 && type <= 5;
            boolean firstSlice = slice && ((nal[h265 ? 2 : 1] & 0x80) != 0);
            if (sawSlice && (!slice || firstSlice)) {
                out.add(current);
                current = new ArrayList<>();
                sawSlice = false;
                if (out.size() == count) return out;
            }
            current.add(Arrays.copyOf(nal, Math.min(nal.length, maxNal)));
            sawSlice |= slice;
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    static List<byte[]> nals(byte[] s) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 2 < s.length; i++) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) starts.add(i + 3);
        }
        List<byte[]> out = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int from = starts.get(k);
            int to = k + 1 < starts.size() ? starts.get(k + 1) - 3 : s.length;
            while (to > from && s[to - 1] == 0) to--;
            out.add(Arrays.copyOfRange(s, from, to));
        }
        return out;
    }

    // ---- bytes ----

    private static byte[] rtcpSenderReport() {
        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        sr[3] = 6;
        sr[4] = 0x12;
        sr[5] = 0x34;
        sr[6] = 0x56;
        sr[7] = 0x78;
        sr[8] = (byte) 0xE9; // NTP seconds in 2024
        sr[19] = (byte) 0xB8;
        return sr;
    }

    private static byte[] frame(int channel, byte[] data) {
        return concat(new byte[] {'$', (byte) channel, (byte) (data.length >> 8), (byte) data.length}, data);
    }

    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 37 + 11);
        return b;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static void write(String testClass, String method, String name, byte[] content) throws IOException {
        Path dir = ROOT.resolve(testClass + "Inputs").resolve(method);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), content);
    }
}
