package dev.vigil.rtsp.session;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decodes a comma-separated list of base64 NAL units (H.264 {@code sprop-parameter-sets}, H.265
 * {@code sprop-vps/sps/pps}). An entry that is not usable is left out and described, never thrown:
 * the parameter sets also arrive in band, so a broken fmtp must not stop a recording.
 */
final class ParameterSets {

    private ParameterSets() {
    }

    /**
     * @param name     the fmtp parameter, for the problem text
     * @param value    its value; null or empty gives no units
     * @param units    receives the decoded NAL units
     * @param problems receives one line per rejected entry
     */
    static void decode(String name, String value, List<byte[]> units, List<String> problems) {
        if (value == null || value.isBlank()) {
            return;
        }
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                continue; // "a,b," : a trailing comma is sloppy, not an invalid entry
            }
            byte[] nal;
            try {
                nal = Base64.getDecoder().decode(entry);
            } catch (IllegalArgumentException e) {
                problems.add(name + " entry " + (i + 1) + " is not base64: " + shorten(entry));
                continue;
            }
            nal = stripStartCode(nal);
            if (nal.length == 0) {
                problems.add(name + " entry " + (i + 1) + " decodes to nothing");
            } else if ((nal[0] & 0x80) != 0) {
                problems.add(name + " entry " + (i + 1) + " is not a NAL unit (forbidden bit set): "
                        + shorten(entry));
            } else {
                units.add(nal);
            }
        }
    }

    /** Some cameras base64-encode Annex B units, start code included; the start code is not NAL data. */
    static byte[] stripStartCode(byte[] b) {
        int skip = 0;
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 1) {
            skip = 4;
        } else if (b.length >= 3 && b[0] == 0 && b[1] == 0 && b[2] == 1) {
            skip = 3;
        }
        if (skip == 0) {
            return b;
        }
        byte[] out = new byte[b.length - skip];
        System.arraycopy(b, skip, out, 0, out.length);
        return out;
    }

    static List<byte[]> copy(List<byte[]> units) {
        List<byte[]> out = new ArrayList<>(units.size());
        for (byte[] u : units) {
            out.add(u.clone());
        }
        return List.copyOf(out);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
