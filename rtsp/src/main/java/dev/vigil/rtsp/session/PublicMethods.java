package dev.vigil.rtsp.session;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The methods of the {@code Public} header of an OPTIONS response (RFC 2326 §12.28).
 *
 * @param methods upper-cased, in the server's order
 */
record PublicMethods(Set<String> methods) {

    PublicMethods {
        methods = Collections.unmodifiableSet(new LinkedHashSet<>(methods));
    }

    /** From every {@code Public} value of the response; never throws. */
    static PublicMethods parse(Collection<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null) {
                continue;
            }
            // Comma-separated per the RFC; some servers use spaces too.
            for (String m : v.split("[,\\s]+")) {
                if (!m.isBlank()) {
                    out.add(m.strip().toUpperCase(Locale.ROOT));
                }
            }
        }
        return new PublicMethods(out);
    }

    boolean supports(String method) {
        return methods.contains(method.toUpperCase(Locale.ROOT));
    }

    /**
     * Whether GET_PARAMETER can serve as keepalive. A missing Public header says nothing, so the
     * session should then fall back to OPTIONS, which every server answers.
     */
    boolean supportsGetParameter() {
        return supports("GET_PARAMETER");
    }
}
