// Vigil web UI: camera list, one day's timeline per camera, recorded playback (progressive MP4)
// and the live view (live.m3u8 through MSE, see live.js). No framework, nothing from the internet.
import { LivePlayer } from './live.js';
import { drawTimeline, timeAt } from './timeline.js';

const $ = (id) => document.getElementById(id);
const HOUR = 3_600_000;
const CAMERA_POLL_MS = 3000;
const RECORDINGS_POLL_MS = 10_000;

const state = {
  cameras: [],
  selected: null, // camera name
  day: null, // local midnight, epoch ms
  runs: [],
  gaps: [],
  span: 24 * HOUR,
  viewStart: 0,
  selection: null, // keyboard-chosen instant
  cursor: null, // wall time of the frame on screen
  mode: null, // null | 'clip' | 'live'
  clip: null, // {from, end, presentStart, presentEnd, nextRun, url}
  live: null, // LivePlayer
  recordingsToken: 0,
};

// ---------- helpers ----------

async function api(path, init) {
  let r;
  try {
    r = await fetch(path, init);
  } catch (e) {
    throw new Error(`the daemon cannot be reached (${e.message})`);
  }
  if (!r.ok) throw new Error(await errorText(r));
  return r;
}

async function errorText(r) {
  try {
    const j = await r.json();
    if (j && j.error) return `${j.error} (HTTP ${r.status})`;
  } catch (_) { /* not JSON */ }
  return `HTTP ${r.status} ${r.statusText}`;
}

const pad = (n) => String(n).padStart(2, '0');
const fmtDate = (ms) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const fmtTime = (ms) => {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};
const fmtDateTime = (ms) => `${fmtDate(ms)} ${fmtTime(ms)}`;
const localMidnight = (ms) => {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
};
const nextMidnight = (dayMs) => {
  const d = new Date(dayMs);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
};
const prevMidnight = (dayMs) => {
  const d = new Date(dayMs);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - 1).getTime();
};
function duration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
const camera = () => state.cameras.find((c) => c.name === state.selected) || null;
const cameraPath = (name) => `/api/cameras/${encodeURIComponent(name)}`;
const isHevc = (c) => c && c.codec === 'h265';

function status(text, isError = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', isError);
}

function banner(text) {
  const b = $('banner');
  b.textContent = text || '';
  b.hidden = !text;
}

// ---------- cameras ----------

const STATE_TEXT = { recording: 'recording', connecting: 'connecting', stalled: 'stalled', disabled: 'disabled' };

function describeCamera(c) {
  const parts = [];
  if (c.codec) parts.push(c.codec === 'h265' ? 'H.265' : c.codec === 'h264' ? 'H.264' : c.codec);
  if (c.width && c.height) parts.push(`${c.width}×${c.height}`);
  if (c.fps) parts.push(`${Math.round(c.fps * 10) / 10} fps`);
  if (c.bitrateBps) parts.push(`${(c.bitrateBps / 1e6).toFixed(1)} Mbit/s`);
  return parts.join(' · ') || 'no video yet';
}

function renderCameras() {
  const list = $('camera-list');
  $('cameras-empty').hidden = state.cameras.length > 0;
  if (state.cameras.length === 0) $('cameras-empty').textContent = 'No cameras are configured.';
  const keep = new Set();
  for (const c of state.cameras) {
    keep.add(c.name);
    let li = [...list.children].find((x) => x.dataset.camera === c.name);
    if (!li) {
      li = document.createElement('li');
      li.dataset.camera = c.name;
      li.innerHTML = '<button type="button" class="camera"><span class="name"></span><span class="state"></span><span class="meta"></span></button>';
      li.querySelector('button').addEventListener('click', () => selectCamera(c.name));
      list.appendChild(li);
    }
    const st = STATE_TEXT[c.state] || String(c.state);
    li.querySelector('.name').textContent = c.name;
    const badge = li.querySelector('.state');
    badge.textContent = st;
    badge.className = `state state-${st}`;
    li.querySelector('.meta').textContent = describeCamera(c);
    li.querySelector('button').setAttribute('aria-pressed', String(c.name === state.selected));
  }
  for (const li of [...list.children]) if (!keep.has(li.dataset.camera)) li.remove();
}

async function refreshCameras() {
  try {
    const j = await (await api('/api/cameras', { cache: 'no-store' })).json();
    state.cameras = Array.isArray(j.cameras) ? j.cameras : [];
    banner('');
    renderCameras();
    if (!state.selected && state.cameras.length) {
      const wanted = decodeURIComponent(location.hash.replace(/^#camera=/, ''));
      selectCamera(state.cameras.some((c) => c.name === wanted) ? wanted : state.cameras[0].name);
    } else if (state.selected) {
      renderCameraHead();
    }
  } catch (e) {
    banner(`Cannot load the camera list: ${e.message}. Retrying every few seconds.`);
    if (state.cameras.length === 0) $('cameras-empty').textContent = 'Camera list unavailable.';
  } finally {
    setTimeout(refreshCameras, CAMERA_POLL_MS);
  }
}

function renderCameraHead() {
  const c = camera();
  if (!c) return;
  $('camera-title').textContent = c.name;
  const last = c.lastFrameTime ? ` · last frame ${fmtDateTime(Date.parse(c.lastFrameTime))}` : '';
  $('camera-detail').textContent = `${STATE_TEXT[c.state] || c.state} · ${describeCamera(c)}${last}`;
  const hevc = isHevc(c);
  $('player-area').hidden = hevc;
  $('hevc').hidden = !hevc;
  if (hevc && state.mode) stopPlayback();
}

function selectCamera(name) {
  if (state.selected === name) return;
  stopPlayback();
  state.selected = name;
  history.replaceState(null, '', `#camera=${encodeURIComponent(name)}`);
  renderCameras();
  $('view').hidden = false;
  const c = camera();
  renderCameraHead();
  state.selection = null;
  state.cursor = null;
  status(isHevc(c) ? '' : 'Click the timeline to play from that instant, or press Live.');
  setDay(c && c.lastRecordedMs ? localMidnight(c.lastRecordedMs) : localMidnight(Date.now()));
}

// ---------- day and timeline ----------

const dayEnd = () => nextMidnight(state.day);

function setDay(day, keepView = false) {
  state.day = day;
  const today = localMidnight(Date.now());
  $('day').value = fmtDate(day);
  $('day').max = fmtDate(today);
  const c = camera();
  if (c && c.firstRecordedMs) $('day').min = fmtDate(c.firstRecordedMs);
  $('day-next').disabled = day >= today;
  if (!keepView) state.viewStart = day;
  state.runs = [];
  state.gaps = [];
  clampView();
  redraw();
  return loadRecordings(!keepView);
}

function clampView() {
  const len = dayEnd() - state.day;
  state.span = Math.min(state.span, len);
  state.viewStart = Math.min(Math.max(state.viewStart, state.day), dayEnd() - state.span);
}

async function loadRecordings(centerOnLatest = false) {
  const name = state.selected;
  if (!name) return;
  const token = ++state.recordingsToken;
  try {
    const r = await api(`${cameraPath(name)}/recordings?start=${state.day}&end=${dayEnd()}`, { cache: 'no-store' });
    const j = await r.json();
    if (token !== state.recordingsToken || name !== state.selected) return;
    state.runs = (j.runs || []).map((x) => ({ ...x, startMs: x.startMs ?? Date.parse(x.start), endMs: x.endMs ?? Date.parse(x.end) }))
      .sort((a, b) => a.startMs - b.startMs);
    state.gaps = j.gaps || [];
    const key = JSON.stringify([state.day, state.runs.map((x) => [x.startMs, x.endMs]), state.gaps.length]);
    const changed = key !== state.runsKey;
    state.runsKey = key;
    if (centerOnLatest && state.span < dayEnd() - state.day && state.runs.length) centerOn(state.runs[state.runs.length - 1].endMs);
    if (changed) {
      renderRuns();
      redraw();
      updateHevcDownload();
    }
  } catch (e) {
    if (token !== state.recordingsToken) return;
    $('timeline-summary').textContent = `Cannot load the recordings of this day: ${e.message}`;
    $('timeline-summary').classList.add('error');
  }
}

function renderRuns() {
  const runs = state.runs;
  const total = runs.reduce((a, r) => a + (r.endMs - r.startMs), 0);
  const summary = $('timeline-summary');
  summary.classList.remove('error');
  summary.textContent = runs.length
    ? `${fmtDate(state.day)}: ${duration(total)} recorded in ${runs.length} run${runs.length > 1 ? 's' : ''}${state.gaps.length ? `, ${state.gaps.length} gap${state.gaps.length > 1 ? 's' : ''}` : ''}.`
    : `${fmtDate(state.day)}: nothing recorded on this day.`;
  $('runs-summary').textContent = `Recorded runs (${runs.length})`;
  const ul = $('runs');
  ul.replaceChildren();
  for (const r of runs) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = `${fmtTime(r.startMs)} – ${fmtTime(r.endMs)} (${duration(r.endMs - r.startMs)})`;
    b.addEventListener('click', () => choose(r.startMs));
    li.appendChild(b);
    ul.appendChild(li);
  }
}

function redraw() {
  const svg = $('timeline');
  if ($('view').hidden) return;
  drawTimeline(svg, {
    viewStart: state.viewStart,
    viewEnd: state.viewStart + state.span,
    runs: state.runs,
    cursor: state.cursor,
    selection: state.selection,
    now: Date.now(),
  });
  const at = state.selection ?? state.cursor;
  const pct = at === null ? 0 : Math.round(((at - state.day) / (dayEnd() - state.day)) * 100);
  svg.setAttribute('aria-valuenow', String(Math.min(100, Math.max(0, pct))));
  svg.setAttribute('aria-valuetext', at === null ? 'no time chosen' : fmtDateTime(at));
  for (const b of document.querySelectorAll('.zoom button')) b.setAttribute('aria-pressed', String(Number(b.dataset.span) === state.span));
}

function centerOn(t) {
  state.viewStart = t - state.span / 2;
  clampView();
}

function setSpan(span) {
  const center = state.selection ?? state.cursor ?? (state.runs.length ? state.runs[state.runs.length - 1].endMs : state.viewStart + state.span / 2);
  state.span = span;
  centerOn(center);
  redraw();
}

/** The instant to play for a click at t: inside a run as is, near one (8 px) snapped into it, else the next run. */
function snap(t, pxMs) {
  let best = null;
  let bestDist = Infinity;
  for (const r of state.runs) {
    if (t >= r.startMs && t < r.endMs) return t;
    const d = t < r.startMs ? r.startMs - t : t - r.endMs;
    if (d < bestDist) {
      bestDist = d;
      best = r;
    }
  }
  if (best && bestDist <= 8 * pxMs) return Math.min(Math.max(t, best.startMs), best.endMs - 1000);
  const next = state.runs.find((r) => r.startMs > t);
  return next ? next.startMs : null;
}

function choose(t) {
  state.selection = null;
  if (isHevc(camera())) {
    state.selection = t;
    redraw();
    updateHevcDownload();
    return;
  }
  playClip(t);
}

function onTimelineClick(ev) {
  const svg = $('timeline');
  const t = timeAt(svg, ev.clientX, state.viewStart, state.viewStart + state.span);
  const pxMs = state.span / svg.getBoundingClientRect().width;
  const at = snap(t, pxMs);
  if (at === null) {
    status(`Nothing recorded after ${fmtTime(t)} on ${fmtDate(state.day)}.`);
    return;
  }
  choose(at);
}

function onTimelineKey(ev) {
  const at = state.selection ?? state.cursor ?? state.viewStart + state.span / 2;
  const step = ev.shiftKey ? state.span / 10 : state.span / 100;
  let next = null;
  switch (ev.key) {
    case 'ArrowLeft': next = at - step; break;
    case 'ArrowRight': next = at + step; break;
    case 'Home': next = state.day; break;
    case 'End': next = dayEnd() - 1; break;
    case 'PageUp': {
      const prev = [...state.runs].reverse().find((r) => r.startMs < at - 1);
      next = prev ? prev.startMs : at;
      break;
    }
    case 'PageDown': {
      const n = state.runs.find((r) => r.startMs > at + 1);
      next = n ? n.startMs : at;
      break;
    }
    case 'Enter':
    case ' ': {
      ev.preventDefault();
      const t = snap(at, state.span / 1000);
      if (t === null) status(`Nothing recorded after ${fmtTime(at)} on ${fmtDate(state.day)}.`);
      else choose(t);
      return;
    }
    default: return;
  }
  ev.preventDefault();
  state.selection = Math.min(Math.max(next, state.day), dayEnd() - 1);
  if (state.selection < state.viewStart || state.selection > state.viewStart + state.span) centerOn(state.selection);
  redraw();
}

// ---------- playback ----------

const video = () => $('video');

function stopPlayback() {
  if (state.live) {
    state.live.stop();
    state.live = null;
  }
  state.mode = null;
  state.clip = null;
  const v = video();
  if (v.getAttribute('src')) {
    v.removeAttribute('src');
    v.load();
  }
  $('clock').hidden = true;
  $('live-badge').hidden = true;
  $('live').setAttribute('aria-pressed', 'false');
  $('download').hidden = true;
  delete $('player-area').dataset.playFromMs;
}

async function startPlaying() {
  const v = video();
  try {
    await v.play();
  } catch (e) {
    if (e.name === 'NotAllowedError') {
      // Autoplay with sound refused: muted playback is always allowed.
      v.muted = true;
      try {
        await v.play();
      } catch (_) { /* a newer source replaced this one */ }
    }
    // AbortError: a newer source replaced this one, nothing to report.
  }
}

/** Plays recorded video from t until the end of its run or t + 1 h, whichever first. */
async function playClip(t, quiet = false) {
  const c = camera();
  if (!c) return;
  stopPlayback();
  t = Math.floor(t);
  const run = state.runs.find((r) => t >= r.startMs && t < r.endMs);
  const end = Math.ceil(Math.min(run ? run.endMs : t + HOUR, t + HOUR));
  const url = `${cameraPath(c.name)}/view.mp4?start=${t}&end=${end}`;
  const clip = { from: t, end, url };
  state.mode = 'clip';
  state.clip = clip;
  state.cursor = t;
  $('player-area').dataset.playFromMs = String(t);
  if (t < state.viewStart || t > state.viewStart + state.span) centerOn(t);
  redraw();
  if (!quiet) status(`Loading ${fmtDateTime(t)}…`);
  try {
    // The headers tell which wall time the file presents; the media element cannot see them.
    const r = await api(url, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    if (r.body) r.body.cancel().catch(() => {});
    if (state.clip !== clip) return;
    const h = (k) => (r.headers.get(k) === null ? null : Number(r.headers.get(k)));
    clip.presentStart = h('X-Vigil-Start') ?? t;
    clip.presentEnd = h('X-Vigil-End') ?? end;
    clip.nextRun = h('X-Vigil-Next-Run');
  } catch (e) {
    if (state.clip !== clip) return;
    stopPlayback();
    status(`Cannot play ${fmtDateTime(t)}: ${e.message}`, true);
    return;
  }
  const dl = $('download');
  dl.href = `${url}&download=1`;
  dl.hidden = false;
  dl.textContent = `Download ${fmtTime(clip.presentStart)}–${fmtTime(clip.presentEnd)}`;
  const v = video();
  v.src = url;
  status(`Playing ${fmtDateTime(clip.presentStart)} – ${fmtTime(clip.presentEnd)}`);
  startPlaying();
}

/** At the end of a clip: continue from the next recorded instant (X-Vigil-Next-Run, or the run's growth). */
async function onEnded() {
  if (state.mode !== 'clip' || !state.clip) return;
  const clip = state.clip;
  const from = clip.nextRun ?? clip.presentEnd;
  if (from >= dayEnd() && from <= Date.now()) {
    await setDay(localMidnight(from), false);
  } else {
    await loadRecordings();
  }
  if (state.clip !== clip) return;
  let next = null;
  for (const r of state.runs) {
    if (r.endMs - 1000 <= from) continue;
    next = Math.max(r.startMs, from);
    break;
  }
  if (next === null || next <= clip.from) {
    status(`End of recording at ${fmtDateTime(clip.presentEnd)}.`);
    return;
  }
  playClip(next, true);
}

async function goLive() {
  const c = camera();
  if (!c || isHevc(c)) return;
  stopPlayback();
  state.mode = 'live';
  $('live').setAttribute('aria-pressed', 'true');
  $('live-badge').hidden = false;
  if (state.day !== localMidnight(Date.now())) setDay(localMidnight(Date.now()));
  status('Connecting to the live view…');
  const player = new LivePlayer(video(), `${cameraPath(c.name)}/live.m3u8`, (msg) => {
    if (state.live !== player) return;
    stopPlayback();
    status(`The live view stopped: ${msg}`, true);
  }, (trouble) => {
    if (state.live !== player) return;
    status(trouble ? `Live: ${c.name}, reconnecting: ${trouble}` : `Live: ${c.name}`, !!trouble);
  });
  state.live = player;
  try {
    await player.start();
    if (state.live !== player) return;
    status(`Live: ${c.name}`);
    startPlaying();
  } catch (e) {
    if (state.live !== player || e.name === 'AbortError') return;
    stopPlayback();
    status(`Cannot show the live view: ${e.message}`, true);
  }
}

function wallNow() {
  const v = video();
  if (state.mode === 'clip' && state.clip && state.clip.presentStart !== undefined && v.readyState >= 1) {
    return state.clip.presentStart + v.currentTime * 1000;
  }
  if (state.mode === 'live' && state.live && v.readyState >= 1) return state.live.wallAt(v.currentTime);
  return null;
}

let lastDrawnSecond = null;
function tick() {
  const wall = wallNow();
  const clock = $('clock');
  if (wall === null) {
    clock.hidden = true;
  } else {
    clock.hidden = false;
    const text = fmtDateTime(wall);
    if (clock.textContent !== text) clock.textContent = text;
    clock.setAttribute('datetime', new Date(wall).toISOString());
    clock.dataset.ms = String(Math.round(wall));
    const sec = Math.floor(wall / 1000);
    if (sec !== lastDrawnSecond) {
      lastDrawnSecond = sec;
      const followed = state.cursor !== null && state.cursor >= state.viewStart && state.cursor <= state.viewStart + state.span;
      state.cursor = wall;
      if (followed && (wall < state.viewStart || wall > state.viewStart + state.span) && wall >= state.day && wall < dayEnd()) centerOn(wall);
      redraw();
    }
  }
  requestAnimationFrame(tick);
}

function onVideoError() {
  const v = video();
  if (!v.error || !state.mode) return;
  const why = {
    1: 'playback was aborted',
    2: 'a network error interrupted the video',
    3: 'the video could not be decoded',
    4: 'this browser cannot play this video',
  }[v.error.code] || 'unknown error';
  const mode = state.mode;
  if (mode === 'live' && state.live) return; // the live player reports its own failures
  stopPlayback();
  status(`Playback failed: ${why}${v.error.message ? ` (${v.error.message})` : ''}.`, true);
}

// ---------- H.265: download only ----------

function updateHevcDownload() {
  const c = camera();
  if (!isHevc(c)) return;
  const link = $('hevc-download');
  let from;
  let to;
  if (state.selection !== null) {
    const run = state.runs.find((r) => state.selection >= r.startMs && state.selection < r.endMs);
    from = Math.floor(state.selection);
    to = Math.ceil(Math.min(run ? run.endMs : from + HOUR, from + HOUR));
  } else if (state.runs.length) {
    const last = state.runs[state.runs.length - 1];
    to = Math.ceil(last.endMs);
    from = Math.floor(Math.max(last.startMs, to - HOUR));
  } else {
    link.hidden = true;
    $('hevc-range').textContent = 'Nothing recorded on this day.';
    return;
  }
  link.hidden = false;
  link.href = `${cameraPath(c.name)}/view.mp4?start=${from}&end=${to}&download=1`;
  $('hevc-range').textContent = `${fmtDateTime(from)} – ${fmtTime(to)}. Click the timeline to choose another start.`;
}

// ---------- wiring ----------

function init() {
  $('day').addEventListener('change', () => {
    const v = $('day').value;
    if (!v) return;
    const [y, m, d] = v.split('-').map(Number);
    setDay(new Date(y, m - 1, d).getTime());
  });
  $('day-prev').addEventListener('click', () => setDay(prevMidnight(state.day)));
  $('day-next').addEventListener('click', () => setDay(nextMidnight(state.day)));
  $('day-today').addEventListener('click', () => setDay(localMidnight(Date.now())));
  for (const b of document.querySelectorAll('.zoom button')) b.addEventListener('click', () => setSpan(Number(b.dataset.span)));
  $('pan-back').addEventListener('click', () => {
    state.viewStart -= state.span / 2;
    clampView();
    redraw();
  });
  $('pan-fwd').addEventListener('click', () => {
    state.viewStart += state.span / 2;
    clampView();
    redraw();
  });
  const svg = $('timeline');
  svg.addEventListener('click', onTimelineClick);
  svg.addEventListener('keydown', onTimelineKey);
  $('live').addEventListener('click', goLive);
  const v = video();
  v.addEventListener('ended', onEnded);
  v.addEventListener('error', onVideoError);
  window.addEventListener('resize', redraw);
  setInterval(() => {
    if (state.selected && state.day === localMidnight(Date.now())) loadRecordings();
  }, RECORDINGS_POLL_MS);
  refreshCameras();
  requestAnimationFrame(tick);
}

init();
