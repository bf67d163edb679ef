package dev.vigil.rtsp.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** The line parser behind {@link Sdp#parse}: one pass, session section then m= sections. */
final class SdpParser {

    private int version = -1;
    private String origin;
    private String name = "";
    private String connection;
    private String sessionControl;
    private final List<SdpAttribute> sessionAttributes = new ArrayList<>();
    private final List<SdpMedia> media = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private MediaBuilder current;
    /** True after an m= line too broken to keep: its attributes must not leak into the session. */
    private boolean skippingMedia;

    Sdp parse(String text) {
        String[] lines = text == null ? new String[0] : text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            line(i + 1, lines[i]);
        }
        finishMedia();
        if (version < 0) {
            warnings.add("no usable v= line");
        }
        return new Sdp(version, origin, name, connection, sessionControl, sessionAttributes, media, warnings);
    }

    private void line(int number, String raw) {
        // Trailing spaces and tabs are common, leading ones come from cameras that indent; some
        // cameras end the body with a NUL, and a UTF-8 byte order mark has been seen before v=.
        String line = trim(raw);
        if (line.isEmpty()) {
            return;
        }
        if (line.length() < 2 || line.charAt(1) != '=' || !isTypeLetter(line.charAt(0))) {
            warnings.add("line " + number + ": not a <letter>=<value> line, skipped: " + shorten(line));
            return;
        }
        char type = line.charAt(0);
        String value = line.substring(2).strip();
        if (type == 'm') {
            finishMedia();
            startMedia(number, value);
            return;
        }
        if (skippingMedia) {
            return;
        }
        if (type == 'a') {
            attribute(number, SdpAttribute.parse(value));
        } else if (current == null) {
            sessionLine(number, type, value);
        }
        // Media-level c=, i=, b=, k= carry nothing an RTSP client needs.
    }

    private void sessionLine(int number, char type, String value) {
        switch (type) {
            case 'v' -> {
                int v = Numbers.parseInt(value, -1);
                // A negative "number" is no version either: -1 is what the record calls unusable.
                version = Math.max(v, -1);
                if (v < 0) {
                    warnings.add("line " + number + ": v= is not a version number: " + shorten(value));
                }
            }
            case 'o' -> origin = value;
            case 's' -> name = value;
            case 'c' -> connection = value;
            default -> {
                // t=, b=, i=, u=, e=, p=, z=, k=, r=: nothing an RTSP client needs.
            }
        }
    }

    private void attribute(int number, SdpAttribute a) {
        if (current == null) {
            sessionAttributes.add(a);
            if (a.name().equalsIgnoreCase("control")) {
                sessionControl = a.value().isEmpty() ? null : a.value();
            }
            return;
        }
        current.attributes.add(a);
        switch (a.name().toLowerCase(Locale.ROOT)) {
            case "rtpmap" -> {
                RtpMap map = RtpMap.parse(a.value());
                if (map == null) {
                    warnings.add("line " + number + ": unusable rtpmap skipped: " + shorten(a.value()));
                } else {
                    current.rtpMaps.putIfAbsent(map.payloadType(), map);
                }
            }
            case "fmtp" -> {
                Fmtp fmtp = Fmtp.parse(a.value());
                if (fmtp == null) {
                    warnings.add("line " + number + ": fmtp without a payload type skipped: " + shorten(a.value()));
                } else {
                    current.fmtps.putIfAbsent(fmtp.payloadType(), fmtp);
                }
            }
            case "control" -> current.control = a.value().isEmpty() ? null : a.value();
            case "framerate" -> current.frameRate = frameRate(number, a.value());
            case "sendrecv" -> current.direction = Direction.SENDRECV;
            case "sendonly" -> current.direction = Direction.SENDONLY;
            case "recvonly" -> current.direction = Direction.RECVONLY;
            case "inactive" -> current.direction = Direction.INACTIVE;
            default -> {
                // Kept in attributes: x-dimensions, Media_header, cliprect, range, ...
            }
        }
    }

    private OptionalDouble frameRate(int number, String value) {
        try {
            double rate = Double.parseDouble(value.strip());
            if (rate > 0 && Double.isFinite(rate)) {
                return OptionalDouble.of(rate);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        warnings.add("line " + number + ": framerate is not a positive number: " + shorten(value));
        return OptionalDouble.empty();
    }

    private void startMedia(int number, String value) {
        // m=<media> <port>[/<count>] <proto> <fmt> ...
        String[] f = value.split("\\s+");
        if (f.length < 3 || f[0].isEmpty()) {
            warnings.add("line " + number + ": m= line needs <media> <port> <proto>, section skipped: "
                    + shorten(value));
            skippingMedia = true;
            return;
        }
        skippingMedia = false;
        String portText = f[1].contains("/") ? f[1].substring(0, f[1].indexOf('/')) : f[1];
        int port = Numbers.parseInt(portText, -1);
        if (port < 0 || port > 65535) {
            warnings.add("line " + number + ": m= port is not a port, taken as 0: " + f[1]);
            port = 0;
        }
        List<Integer> pts = new ArrayList<>();
        for (int i = 3; i < f.length; i++) {
            int pt = Numbers.parseInt(f[i], -1);
            if (pt >= 0 && pt <= 127) {
                pts.add(pt);
            } else {
                warnings.add("line " + number + ": m= format is not an RTP payload type, skipped: " + f[i]);
            }
        }
        current = new MediaBuilder(f[0].toLowerCase(Locale.ROOT), port, f[2], pts);
    }

    private void finishMedia() {
        if (current != null) {
            media.add(current.build());
            current = null;
        }
    }

    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJunk(s.charAt(start))) {
            start++;
        }
        while (end > start && isJunk(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isJunk(char c) {
        return Character.isWhitespace(c) || c == '\0' || c == '\uFEFF';
    }

    private static boolean isTypeLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static final class MediaBuilder {
        final String type;
        final int port;
        final String protocol;
        final List<Integer> payloadTypes;
        final Map<Integer, RtpMap> rtpMaps = new LinkedHashMap<>();
        final Map<Integer, Fmtp> fmtps = new LinkedHashMap<>();
        final List<SdpAttribute> attributes = new ArrayList<>();
        String control;
        OptionalDouble frameRate = OptionalDouble.empty();
        Direction direction = Direction.SENDRECV;

        MediaBuilder(String type, int port, String protocol, List<Integer> payloadTypes) {
            this.type = type;
            this.port = port;
            this.protocol = protocol;
            this.payloadTypes = payloadTypes;
        }

        SdpMedia build() {
            return new SdpMedia(type, port, protocol, payloadTypes, rtpMaps, fmtps, control, frameRate,
                    direction, attributes);
        }
    }
}
