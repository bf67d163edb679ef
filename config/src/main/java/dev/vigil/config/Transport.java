package dev.vigil.config;

import java.util.Locale;

/** How RTP travels from a camera. TCP (interleaved) is the default: it survives NAT and loss. */
public enum Transport {
    TCP, UDP,
    /** Try UDP, fall back to TCP if no packet arrives. */
    AUTO;

    static final String EXPECTED = "one of tcp, udp, auto";

    /** Config spelling: lower case. */
    String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Transport parse(String text) {
        for (Transport t : values()) {
            if (t.yamlName().equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a transport; expected " + EXPECTED);
    }
}
