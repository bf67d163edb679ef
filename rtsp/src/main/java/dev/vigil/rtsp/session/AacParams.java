package dev.vigil.rtsp.session;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The RFC 3640 fmtp parameters of an {@code mpeg4-generic} AAC stream.
 *
 * @param config           the AudioSpecificConfig from the hex {@code config}; empty if absent or
 *                         not hex
 * @param sizeLength       bits of the AU size in each AU header; 0 when absent (RFC 3640 §4.1)
 * @param indexLength      bits of the first AU index; 0 when absent
 * @param indexDeltaLength bits of the following AU index deltas; 0 when absent
 * @param mode             e.g. {@code AAC-hbr}; "" when absent
 * @param problems         one line per value that was ignored, for the log
 */
record AacParams(byte[] config, int sizeLength, int indexLength, int indexDeltaLength, String mode,
        List<String> problems) {

    private static final int[] SAMPLE_RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
    };

    AacParams {
        config = config.clone();
        problems = List.copyOf(problems);
    }

    /** Never throws; a null fmtp gives empty parameters. */
    static AacParams of(Fmtp fmtp) {
        List<String> problems = new ArrayList<>();
        if (fmtp == null) {
            return new AacParams(new byte[0], 0, 0, 0, "", problems);
        }
        byte[] config = new byte[0];
        String hex = fmtp.get("config");
        if (hex != null && !hex.isEmpty()) {
            if (hex.length() % 2 == 0 && hex.matches("[0-9A-Fa-f]+")) {
                config = HexFormat.of().parseHex(hex);
            } else {
                problems.add("config is not hex bytes: " + hex);
            }
        }
        String mode = fmtp.get("mode");
        return new AacParams(config, bits(fmtp, "sizelength", problems), bits(fmtp, "indexlength", problems),
                bits(fmtp, "indexdeltalength", problems), mode == null ? "" : mode, problems);
    }

    private static int bits(Fmtp fmtp, String key, List<String> problems) {
        String text = fmtp.get(key);
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int n = Numbers.parseInt(text, -1);
        if (n < 0 || n > 32) {
            problems.add(key + " is not a bit count 0..32, taken as 0: " + text);
            return 0;
        }
        return n;
    }

    @Override
    public byte[] config() {
        return config.clone();
    }

    /** The sampling rate the config declares; -1 if there is no config or it uses an escape value. */
    int sampleRate() {
        if (config.length < 2) {
            return -1;
        }
        int index = ((config[0] & 0x07) << 1) | ((config[1] & 0xff) >> 7);
        return index < SAMPLE_RATES.length ? SAMPLE_RATES[index] : -1;
    }

    /** The channel configuration the config declares; -1 if there is no config. */
    int channels() {
        if (config.length < 2) {
            return -1;
        }
        return (config[1] >> 3) & 0x0f;
    }

    @Override
    public String toString() {
        return "AacParams[config=" + HexFormat.of().formatHex(config) + ", sizeLength=" + sizeLength
                + ", indexLength=" + indexLength + ", indexDeltaLength=" + indexDeltaLength + ", mode=" + mode
                + ", problems=" + problems + "]";
    }
}
