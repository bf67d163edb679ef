package dev.vigil.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FmtpTest {
    @Test
    void parsesCameraFmtpLines() {
        assertThat(Fmtp.parse("96 packetization-mode=1; profile-level-id=640028; sprop-parameter-sets=Z2QAKKw=,aO48sA==;"))
                .containsEntry("packetization-mode", "1")
                .containsEntry("sprop-parameter-sets", "Z2QAKKw=,aO48sA==")
                .hasSize(3);
        assertThat(Fmtp.parse("a=fmtp:97 streamtype=5;SizeLength=13; IndexLength=3;config=1210"))
                .containsEntry("sizelength", "13")
                .containsEntry("indexlength", "3")
                .containsEntry("config", "1210");
        assertThat(Fmtp.parse("flag; x = y ")).containsEntry("flag", "").containsEntry("x", "y");
        assertThat(Fmtp.parse(null)).isEmpty();
        assertThat(Fmtp.parse("")).isEmpty();
    }
}
