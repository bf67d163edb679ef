package dev.vigil.rtsp.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 7798 fmtp parameter sets of an H.265 stream; each list keeps only decodable NAL units
 * (byte arrays: compare with {@link java.util.Arrays}, not equals).
 *
 * @param invalidSets how many entries of the three lists were left out
 * @param problems    one line per entry left out, for the log
 */
record H265Params(List<byte[]> vps, List<byte[]> sps, List<byte[]> pps, int invalidSets, List<String> problems) {

    H265Params {
        vps = ParameterSets.copy(vps);
        sps = ParameterSets.copy(sps);
        pps = ParameterSets.copy(pps);
        problems = List.copyOf(problems);
    }

    /** Never throws; a null fmtp gives empty lists. */
    static H265Params of(Fmtp fmtp) {
        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (fmtp != null) {
            ParameterSets.decode("sprop-vps", fmtp.get("sprop-vps"), vps, problems);
            ParameterSets.decode("sprop-sps", fmtp.get("sprop-sps"), sps, problems);
            ParameterSets.decode("sprop-pps", fmtp.get("sprop-pps"), pps, problems);
        }
        return new H265Params(vps, sps, pps, problems.size(), problems);
    }

    // Copies: a record component must not hand out the arrays it holds.
    @Override
    public List<byte[]> vps() {
        return ParameterSets.copy(vps);
    }

    @Override
    public List<byte[]> sps() {
        return ParameterSets.copy(sps);
    }

    @Override
    public List<byte[]> pps() {
        return ParameterSets.copy(pps);
    }

    /** True when one of each is present: enough to start a segment without waiting for in-band ones. */
    boolean complete() {
        return !vps.isEmpty() && !sps.isEmpty() && !pps.isEmpty();
    }
}
