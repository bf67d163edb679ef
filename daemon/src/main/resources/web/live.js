// Live view: the daemon's live.m3u8 (a sliding window of fMP4 GOPs with #EXT-X-PROGRAM-DATE-TIME)
// fed to Media Source Extensions. Chromium reports native HLS ("maybe") but has no
// HTMLMediaElement.getStartDate(), so the wall-clock time of the frame on screen could not be known
// from native playback; here every fragment's decode time (tfdt) is paired with its program date.

/** Parses an HLS media playlist: init URI, media sequence, target duration, segments with program dates. */
export function parsePlaylist(text, base) {
  const lines = text.split(/\r?\n/);
  if (lines[0].trim() !== '#EXTM3U') throw new Error('not an HLS playlist');
  const out = { init: null, sequence: 0, targetDuration: 2, segments: [], ended: false };
  let pdt = null;
  let dur = 0;
  let seq = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#EXT-X-MAP:')) {
      const m = /URI="([^"]+)"/.exec(line);
      if (m) out.init = new URL(m[1], base).href;
    } else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) {
      out.sequence = parseInt(line.slice(22), 10) || 0;
    } else if (line.startsWith('#EXT-X-TARGETDURATION:')) {
      out.targetDuration = parseFloat(line.slice(22)) || 2;
    } else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      pdt = Date.parse(line.slice(25));
    } else if (line.startsWith('#EXTINF:')) {
      dur = parseFloat(line.slice(8));
    } else if (line === '#EXT-X-ENDLIST') {
      out.ended = true;
    } else if (!line.startsWith('#')) {
      if (seq === null) seq = out.sequence;
      const prev = out.segments[out.segments.length - 1];
      const date = pdt !== null && !Number.isNaN(pdt) ? pdt : prev && prev.date !== null ? prev.date + prev.duration * 1000 : null;
      out.segments.push({ seq, uri: new URL(line, base).href, duration: dur, date, init: out.init });
      seq += 1;
      pdt = null;
      dur = 0;
    }
  }
  return out;
}

/** Walks ISO-BMFF boxes: calls fn(type, start, end, headerSize) for each box in [from, to). */
function boxes(view, from, to, fn) {
  let p = from;
  while (p + 8 <= to) {
    let size = view.getUint32(p);
    const type = String.fromCharCode(view.getUint8(p + 4), view.getUint8(p + 5), view.getUint8(p + 6), view.getUint8(p + 7));
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(p + 8));
      header = 16;
    } else if (size === 0) {
      size = to - p;
    }
    if (size < header || p + size > to) break;
    if (fn(type, p, p + size, header) === false) return;
    p += size;
  }
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'moof', 'traf']);

/** Finds the first box of a type, depth-first through the usual containers (and stsd/avc1). */
function find(view, type, from = 0, to = view.byteLength) {
  let found = null;
  boxes(view, from, to, (t, s, e, h) => {
    if (t === type) {
      found = { start: s, end: e, body: s + h };
      return false;
    }
    if (CONTAINERS.has(t)) found = find(view, type, s + h, e);
    else if (t === 'stsd') found = find(view, type, s + h + 8, e); // version/flags + entry count
    else if (t === 'avc1' || t === 'avc3' || t === 'hvc1' || t === 'hev1') found = find(view, type, s + h + 78, e); // visual sample entry
    return found === null;
  });
  return found;
}

/** Every box of a type directly inside [from, to). */
function children(view, type, from, to) {
  const out = [];
  boxes(view, from, to, (t, s, e, h) => {
    if (t === type) out.push({ start: s, end: e, body: s + h });
  });
  return out;
}

/**
 * The init segment's tracks: codec strings (RFC 6381) for the MSE type, and the video track's id and
 * timescale (the clock of its fragments' tfdt).
 */
export function describeInit(buffer) {
  const view = new DataView(buffer);
  const moov = find(view, 'moov');
  if (!moov) throw new Error('the live init segment has no moov box');
  const codecs = [];
  let video = null;
  let hevc = false;
  for (const trak of children(view, 'trak', moov.body, moov.end)) {
    const tkhd = find(view, 'tkhd', trak.body, trak.end);
    const mdhd = find(view, 'mdhd', trak.body, trak.end);
    if (!tkhd || !mdhd) continue;
    const trackId = view.getUint8(tkhd.body) === 1 ? view.getUint32(tkhd.body + 20) : view.getUint32(tkhd.body + 12);
    const timescale = view.getUint8(mdhd.body) === 1 ? view.getUint32(mdhd.body + 20) : view.getUint32(mdhd.body + 12);
    const avcC = find(view, 'avcC', trak.body, trak.end);
    if (avcC) {
      const hex = (i) => view.getUint8(avcC.body + i).toString(16).padStart(2, '0');
      const entry = find(view, 'avc3', trak.body, trak.end) ? 'avc3' : 'avc1';
      codecs.push(`${entry}.${hex(1)}${hex(2)}${hex(3)}`);
      if (!video) video = { trackId, timescale };
    } else if (find(view, 'hvcC', trak.body, trak.end)) {
      hevc = true;
      codecs.push('hvc1');
      if (!video) video = { trackId, timescale };
    } else if (find(view, 'mp4a', trak.body, trak.end)) {
      codecs.push('mp4a.40.2');
    }
  }
  if (!video) throw new Error('the live init segment has no video track');
  return { codecs, trackId: video.trackId, timescale: video.timescale, hevc };
}

/** A fragment's base media decode time of the given track, in seconds, or null. */
export function fragmentStart(buffer, trackId, timescale) {
  const view = new DataView(buffer);
  const moof = find(view, 'moof');
  if (!moof) return null;
  for (const traf of children(view, 'traf', moof.body, moof.end)) {
    const tfhd = find(view, 'tfhd', traf.body, traf.end);
    const tfdt = find(view, 'tfdt', traf.body, traf.end);
    if (!tfhd || !tfdt || view.getUint32(tfhd.body + 4) !== trackId) continue;
    const t = view.getUint8(tfdt.body) === 1 ? Number(view.getBigUint64(tfdt.body + 4)) : view.getUint32(tfdt.body + 4);
    return t / timescale;
  }
  return null;
}

/**
 * Fetches `url`; any failure is an Error with `transient` set: the recorder may be restarting, a
 * fragment may have left the window. A poll that meets one retries rather than ending the view.
 */
async function fetchOk(url, signal, kind) {
  let r;
  try {
    r = await fetch(url, { signal, cache: 'no-store' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    const err = new Error(`cannot reach the recorder (${e.message})`);
    err.transient = true;
    throw err;
  }
  if (!r.ok) {
    let msg = `${r.status} ${r.statusText}`;
    try {
      const j = await r.json();
      if (j && j.error) msg = j.error;
    } catch (_) { /* not JSON */ }
    const e = new Error(msg);
    e.status = r.status;
    e.transient = true;
    throw e;
  }
  return kind === 'text' ? r.text() : r.arrayBuffer();
}

/**
 * Plays live.m3u8 through MSE into `video`. `onWall` is not needed: call wallAt(currentTime).
 * stop() tears everything down; onError(message) reports a failure once. A poll that cannot reach
 * the recorder (restarting, say) is retried every few seconds: onTrouble(message) says so, and
 * onTrouble(null) once a poll succeeds again; the video then goes on from the live edge.
 */
export class LivePlayer {
  constructor(video, playlistUrl, onError, onTrouble = () => {}) {
    this.video = video;
    this.url = new URL(playlistUrl, location.href).href;
    this.onError = onError;
    this.onTrouble = onTrouble;
    this.failures = 0; // polls failed in a row
    this.abort = new AbortController();
    this.next = null; // next media sequence number to append
    this.appended = []; // URIs of the last fragments appended: a restarted recorder numbers them anew
    this.stopped = false;
    this.timer = null;
  }

  async start() {
    if (typeof MediaSource === 'undefined') throw new Error('this browser has no Media Source Extensions for live video');
    const signal = this.abort.signal;
    const pl = parsePlaylist(await fetchOk(this.url, signal, 'text'), this.url);
    const segs = pl.segments;
    if (segs.length === 0) throw new Error('the live playlist is empty: nothing recorded yet');
    // Start at the newest complete GOP: the smallest delay to real time.
    const first = segs[segs.length - 1];
    if (!first.init) throw new Error('the live playlist names no init segment (#EXT-X-MAP)');
    if (first.date === null) throw new Error('the live playlist has no #EXT-X-PROGRAM-DATE-TIME');
    const init = await fetchOk(first.init, signal);
    const info = describeInit(init);
    if (info.hevc) throw new Error('this camera records H.265, which this browser cannot play');
    this.timescale = info.timescale;
    this.trackId = info.trackId;
    const mime = `video/mp4; codecs="${info.codecs.join(', ')}"`;
    if (!MediaSource.isTypeSupported(mime)) throw new Error(`this browser cannot play ${mime}`);
    this.ms = new MediaSource();
    this.objectUrl = URL.createObjectURL(this.ms);
    this.video.src = this.objectUrl;
    await new Promise((resolve) => this.ms.addEventListener('sourceopen', resolve, { once: true }));
    if (this.stopped) return;
    this.sb = this.ms.addSourceBuffer(mime);
    this.sb.mode = 'segments';
    this.mime = mime;
    this.initUri = null;
    this.origin = first.date; // media time 0 on the buffer's timeline is this wall time
    this.next = first.seq;
    await this.feed(pl);
    this.schedule(pl.targetDuration);
  }

  schedule(targetDuration) {
    if (this.stopped) return;
    const ms = Math.max(250, Math.min(2000, (targetDuration * 1000) / 2));
    this.timer = setTimeout(() => this.poll(), ms);
  }

  /** After a failed poll: 1, 2, 4, then every 5 s. */
  retry() {
    if (this.stopped) return;
    const ms = Math.min(5000, 1000 * 2 ** Math.min(this.failures - 1, 3));
    this.timer = setTimeout(() => this.poll(), ms);
  }

  async poll() {
    if (this.stopped) return;
    try {
      const pl = parsePlaylist(await fetchOk(this.url, this.abort.signal, 'text'), this.url);
      await this.feed(pl);
      this.keepUp();
      if (this.failures > 0) {
        this.failures = 0;
        this.onTrouble(null);
      }
      this.schedule(pl.targetDuration);
    } catch (e) {
      if (this.stopped || e.name === 'AbortError') return;
      if (!e.transient) return this.fail(e);
      this.failures++;
      this.onTrouble(e.message);
      this.retry();
    }
  }

  async feed(pl) {
    const segs = pl.segments;
    // Fell out of the window: skip ahead. Or numbered anew, lower (a recorder restarted with its clock
    // set back): start from the window again; the fragments already appended are known by URI.
    if (segs.length && (this.next < segs[0].seq || segs[segs.length - 1].seq < this.next - 1)) this.next = segs[0].seq;
    for (const s of segs) {
      if (this.stopped || s.seq < this.next || this.appended.includes(s.uri)) continue;
      const data = await fetchOk(s.uri, this.abort.signal);
      if (this.stopped) return;
      if (s.init !== this.initUri) {
        // A new recorded segment (#EXT-X-DISCONTINUITY): its own init, its decode times from 0 again.
        // Its fragments are placed on the buffer's timeline at their program date: media time t is
        // wall time origin + t s, for every segment alike.
        const init = await fetchOk(s.init, this.abort.signal);
        if (this.stopped) return;
        const info = describeInit(init);
        const mime = `video/mp4; codecs="${info.codecs.join(', ')}"`;
        await this.idle();
        if (mime !== this.mime) {
          if (typeof this.sb.changeType !== 'function') throw new Error('the stream changed codec and this browser cannot follow');
          this.sb.changeType(mime);
          this.mime = mime;
        }
        this.trackId = info.trackId;
        this.timescale = info.timescale;
        await this.append(init);
        const media = fragmentStart(data, this.trackId, this.timescale);
        if (media === null || s.date === null) throw new Error('a live fragment has no decode time or program date');
        await this.idle();
        this.sb.timestampOffset = (s.date - this.origin) / 1000 - media;
        this.initUri = s.init;
      }
      await this.append(data);
      this.next = s.seq + 1;
      this.appended.push(s.uri);
      if (this.appended.length > 16) this.appended.shift();
      if (!this.started && this.video.buffered.length) {
        this.started = true;
        const b = this.video.buffered;
        if (this.video.currentTime < b.start(0) || this.video.currentTime > b.end(b.length - 1)) this.video.currentTime = b.start(b.length - 1);
        this.video.play().catch(() => {});
      }
    }
  }

  /** Jumps over holes and back to the live edge when playback fell behind; trims old buffer. */
  keepUp() {
    const v = this.video;
    const b = v.buffered;
    if (!b.length || v.paused) return;
    const end = b.end(b.length - 1);
    let inside = false;
    for (let i = 0; i < b.length; i++) if (v.currentTime >= b.start(i) && v.currentTime < b.end(i)) inside = true;
    if (!inside || end - v.currentTime > 8) v.currentTime = Math.max(b.start(b.length - 1), end - 1);
    if (!this.sb.updating && v.currentTime - b.start(0) > 60) this.sb.remove(b.start(0), v.currentTime - 30);
  }

  append(data) {
    return new Promise((resolve, reject) => {
      const done = () => {
        this.sb.removeEventListener('updateend', done);
        this.sb.removeEventListener('error', failed);
        resolve();
      };
      const failed = () => {
        this.sb.removeEventListener('updateend', done);
        this.sb.removeEventListener('error', failed);
        reject(new Error('the browser rejected a live video fragment'));
      };
      const go = () => {
        if (this.stopped) return resolve();
        this.sb.addEventListener('updateend', done);
        this.sb.addEventListener('error', failed);
        try {
          this.sb.appendBuffer(data);
        } catch (e) {
          failed();
        }
      };
      if (this.sb.updating) this.sb.addEventListener('updateend', go, { once: true });
      else go();
    });
  }

  /** Wall-clock epoch ms of the frame at media time t (seconds). */
  wallAt(t) {
    return this.origin + t * 1000;
  }

  idle() {
    return this.sb.updating ? new Promise((resolve) => this.sb.addEventListener('updateend', resolve, { once: true })) : Promise.resolve();
  }

  fail(e) {
    if (this.stopped) return;
    this.stop();
    this.onError(e.message || String(e));
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    if (this.objectUrl) {
      this.video.removeAttribute('src');
      this.video.load();
      URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = null;
    }
  }
}
