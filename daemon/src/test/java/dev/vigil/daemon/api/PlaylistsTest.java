package dev.vigil.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaylistsTest {
    private static final long T = 1_795_248_000_000_000L;

    @Test
    void vodListsEveryFragmentWithItsTimeAndEnds() {
        String text = Playlists.vod(List.of(
                new Playlists.Item("hls/0.m4s?q", T, 2_000_000, "hls/init.mp4?q"),
                new Playlists.Item("hls/1.m4s?q", T + 2_000_000, 1_960_000, "hls/init.mp4?q")));
        assertThat(text).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-TARGETDURATION:2
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-MAP:URI="hls/init.mp4?q"
                #EXT-X-PROGRAM-DATE-TIME:2026-11-21T08:00:00Z
                #EXTINF:2.000,
                hls/0.m4s?q
                #EXT-X-PROGRAM-DATE-TIME:2026-11-21T08:00:02Z
                #EXTINF:1.960,
                hls/1.m4s?q
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void targetDurationIsTheLongestRoundedSoNoExtinfExceedsIt() {
        String text = Playlists.vod(List.of(new Playlists.Item("a", T, 2_600_000, "i"), new Playlists.Item("b", T, 1_000_000, "i")));
        assertThat(text).contains("#EXT-X-TARGETDURATION:3\n");
    }

    @Test
    void liveHasSequencesNoEndAndADiscontinuityWithANewMapWhereTheInitChanges() {
        String text = Playlists.live(41, 3, List.of(
                new Playlists.Item("live/1/5.m4s", T, 1_000_000, "live/1/init.mp4"),
                new Playlists.Item("live/2/7.m4s", T + 1_000_000, 1_000_000, "live/2/init.mp4")));
        assertThat(text).contains("#EXT-X-MEDIA-SEQUENCE:41\n#EXT-X-DISCONTINUITY-SEQUENCE:3\n")
                .contains("#EXT-X-MAP:URI=\"live/1/init.mp4\"\n#EXT-X-PROGRAM-DATE-TIME")
                .contains("live/1/5.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"live/2/init.mp4\"\n")
                .doesNotContain("ENDLIST").doesNotContain("PLAYLIST-TYPE");
    }

    @Test
    void liveSequenceNumbersStayWithTheirFragmentsAcrossRefreshes() {
        LiveSequence seq = new LiveSequence(1000);
        var a = new LiveSequence.Key("1", 1);
        var b = new LiveSequence.Key("1", 2);
        var c = new LiveSequence.Key("2", 3);
        var d = new LiveSequence.Key("2", 4);
        var e = new LiveSequence.Key("3", 5);
        assertThat(seq.number(List.of(a, b))).isEqualTo(new LiveSequence.Numbers(1000, 1000));
        assertThat(seq.number(List.of(b, c))).isEqualTo(new LiveSequence.Numbers(1001, 1000));
        // a slid out, and with b the only discontinuity before c's segment
        assertThat(seq.number(List.of(c, d))).isEqualTo(new LiveSequence.Numbers(1002, 1001));
        assertThat(seq.number(List.of(d, e))).isEqualTo(new LiveSequence.Numbers(1003, 1001));
        assertThat(seq.number(List.of(e))).isEqualTo(new LiveSequence.Numbers(1004, 1002));
    }
}
