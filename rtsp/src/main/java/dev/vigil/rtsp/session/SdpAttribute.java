package dev.vigil.rtsp.session;

/**
 * An {@code a=} line as received: {@code a=name:value} or the flag {@code a=name} (value "").
 * Unknown attributes are kept so that a log or a later feature can still look at them.
 */
record SdpAttribute(String name, String value) {

    static SdpAttribute parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new SdpAttribute(text.strip(), "");
        }
        return new SdpAttribute(text.substring(0, colon).strip(), text.substring(colon + 1).strip());
    }
}
