package dev.vigil.rtsp.session;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The RFC 6184 fmtp parameters of an H.264 stream.
 *
 * @param parameterSets      the decodable {@code sprop-parameter-sets} NAL units, in order (byte
 *                           arrays: compare with {@link java.util.Arrays}, not equals)
 * @param invalidSets        how many entries were left out
 * @param profileLevelId     the 24-bit {@code profile-level-id}; empty if absent or not 6 hex digits
 * @param packetizationMode  0, 1 or 2; 0 when absent (RFC 6184 §8.1) or not one of those
 * @param problems           one line per value that was ignored, for the log
 */
record H264Params(List<byte[]> parameterSets, int invalidSets, OptionalInt profileLevelId,
        int packetizationMode, List<String> problems) {

    static final int NAL_SPS = 7;
    static final int NAL_PPS = 8;

    H264Params {
        parameterSets = ParameterSets.copy(parameterSets);
        problems = List.copyOf(problems);
    }

    /** Never throws; a null fmtp gives empty parameters. */
    static H264Params of(Fmtp fmtp) {
        List<byte[]> units = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (fmtp == null) {
            return new H264Params(units, 0, OptionalInt.empty(), 0, problems);
        }
        ParameterSets.decode("sprop-parameter-sets", fmtp.get("sprop-parameter-sets"), units, problems);
        int invalid = problems.size();

        OptionalInt pli = OptionalInt.empty();
        String pliText = fmtp.get("profile-level-id");
        if (pliText != null) {
            if (pliText.matches("[0-9A-Fa-f]{6}")) {
                pli = OptionalInt.of(Integer.parseInt(pliText, 16));
            } else {
                problems.add("profile-level-id is not 6 hex digits: " + pliText);
            }
        }

        int mode = 0;
        String modeText = fmtp.get("packetization-mode");
        if (modeText != null) {
            mode = Numbers.parseInt(modeText, -1);
            if (mode < 0 || mode > 2) {
                problems.add("packetization-mode is not 0, 1 or 2, taken as 0: " + modeText);
                mode = 0;
            }
        }
        return new H264Params(units, invalid, pli, mode, problems);
    }

    /** Copies: a record component must not hand out the arrays it holds. */
    @Override
    public List<byte[]> parameterSets() {
        return ParameterSets.copy(parameterSets);
    }

    /** The first SPS among the parameter sets; null if none. */
    byte[] sps() {
        return first(NAL_SPS);
    }

    /** The first PPS among the parameter sets; null if none. */
    byte[] pps() {
        return first(NAL_PPS);
    }

    private byte[] first(int type) {
        for (byte[] u : parameterSets) {
            if ((u[0] & 0x1f) == type) {
                return u.clone();
            }
        }
        return null;
    }
}
