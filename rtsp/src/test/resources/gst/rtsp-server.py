#!/usr/bin/python3
"""A real RTSP server for Vigil's integration tests: GStreamer's gst-rtsp-server (Debian's
gir1.2-gst-rtsp-server-1.0), an implementation independent of ours.

Mounts (each a live encoder, timestamps from the running clock):
  /h264         H.264 (x264), 320x240 at 15 fps, a key frame every 15 frames
  /h264-audio   the same plus AAC (voaacenc, mpeg4-generic) audio at 48 kHz stereo
  /h264-pcmu    the same plus G.711 mu-law audio at 8 kHz
  /h265         H.265 (x265), 320x240 at 15 fps

With --user and --password every mount requires Digest authentication.

Prints "READY <port>" on stdout once listening; stops on SIGTERM or when stdin closes, so a
test that dies never leaves it behind. Use /usr/bin/python3: it has the gi module.
"""
import argparse
import signal
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

VIDEO = ("videotestsrc is-live=true pattern=ball ! video/x-raw,width={w},height={h},framerate={fps}/1 "
         "! videoconvert ")
H264 = VIDEO + "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate=300 ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 "
H265 = VIDEO + "! x265enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate=300 ! h265parse ! rtph265pay name=pay0 pt=97 config-interval=-1 "
AAC = "audiotestsrc is-live=true wave=sine ! audio/x-raw,rate=48000,channels=2 ! voaacenc ! rtpmp4gpay name=pay1 pt=98 "
PCMU = "audiotestsrc is-live=true wave=sine ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay name=pay1 pt=0 "


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--user", help="require Digest authentication with this user")
    p.add_argument("--password", default="")
    p.add_argument("--width", type=int, default=320)
    p.add_argument("--height", type=int, default=240)
    p.add_argument("--fps", type=int, default=15)
    p.add_argument("--gop", type=int, default=15)
    p.add_argument("--protocols", default="tcp,udp", help="tcp, udp or both")
    args = p.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    fmt = dict(w=args.width, h=args.height, fps=args.fps, gop=args.gop)
    protocols = GstRtsp.RTSPLowerTrans(0)
    if "tcp" in args.protocols:
        protocols |= GstRtsp.RTSPLowerTrans.TCP
    if "udp" in args.protocols:
        protocols |= GstRtsp.RTSPLowerTrans.UDP

    def factory(launch, shared=True):
        f = GstRtspServer.RTSPMediaFactory()
        f.set_launch("( " + launch.format(**fmt) + " )")
        f.set_shared(shared)
        f.set_protocols(protocols)
        return f

    mounts.add_factory("/h264", factory(H264))
    mounts.add_factory("/h264-audio", factory(H264 + AAC))
    mounts.add_factory("/h264-pcmu", factory(H264 + PCMU))
    mounts.add_factory("/h265", factory(H265))

    if args.user:
        auth = GstRtspServer.RTSPAuth()
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "user")
        auth.add_digest(args.user, args.password, token)
        server.set_auth(auth)
        for path in ("/h264", "/h264-audio", "/h264-pcmu", "/h265"):
            mounts.match(path)[0].add_role_from_structure(Gst.Structure.from_string(
                "user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true")[0])

    loop = GLib.MainLoop()
    if server.attach(None) == 0 or server.get_bound_port() < 0:
        sys.exit("cannot listen on 127.0.0.1:%d" % args.port)
    print("READY", server.get_bound_port(), flush=True)

    def stop(*_):
        GLib.idle_add(loop.quit)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=lambda: (sys.stdin.read(), stop()), daemon=True).start()
    loop.run()


if __name__ == "__main__":
    main()
