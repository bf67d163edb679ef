// The day's timeline: an SVG of [viewStart, viewEnd) inside one local day; runs as bars, gaps empty,
// a cursor at the playing instant, hour ticks. Pure drawing: app.js owns the state.

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 64;
const BAR_Y = 8;
const BAR_H = 30;

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

const TICKS = [60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000];

function hhmm(ms) {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * Draws into `svg`. o: {viewStart, viewEnd, runs, cursor (ms|null), selection (ms|null), now}.
 * Returns the pixel width used, for x <-> time conversions.
 */
export function drawTimeline(svg, o) {
  const width = Math.max(200, Math.floor(svg.getBoundingClientRect().width || svg.parentElement.clientWidth || 800));
  svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  svg.setAttribute('height', HEIGHT);
  svg.replaceChildren();
  const span = o.viewEnd - o.viewStart;
  const x = (t) => ((t - o.viewStart) / span) * width;
  el('rect', { class: 'track', x: 0, y: BAR_Y, width, height: BAR_H }, svg);
  // Ticks: the smallest step that leaves about 70 px between labels.
  const step = TICKS.find((s) => (s / span) * width >= 70) || TICKS[TICKS.length - 1];
  const first = new Date(o.viewStart);
  first.setMinutes(0, 0, 0);
  for (let t = first.getTime(); t <= o.viewEnd; t += step) {
    if (t < o.viewStart) continue;
    const d = new Date(t);
    // Labels on local time boundaries (DST days keep hour labels honest).
    if ((d.getHours() * 3_600_000 + d.getMinutes() * 60_000) % step !== 0) continue;
    const tx = x(t);
    el('line', { class: 'tick', x1: tx, x2: tx, y1: BAR_Y + BAR_H, y2: BAR_Y + BAR_H + 5 }, svg);
    if (tx > 18 && tx < width - 18) {
      const label = el('text', { class: 'tick-label', x: tx, y: HEIGHT - 6, 'text-anchor': 'middle' }, svg);
      label.textContent = hhmm(t);
    }
  }
  for (const r of o.runs) {
    const s = Math.max(r.startMs, o.viewStart);
    const e = Math.min(r.endMs, o.viewEnd);
    if (e <= s) continue;
    const w = Math.max(2, x(e) - x(s));
    const rect = el('rect', { class: 'run', x: x(s), y: BAR_Y, width: w, height: BAR_H, 'data-start-ms': r.startMs, 'data-end-ms': r.endMs }, svg);
    const title = el('title', {}, rect);
    title.textContent = `Recorded ${new Date(r.startMs).toLocaleTimeString()} – ${new Date(r.endMs).toLocaleTimeString()}`;
  }
  if (o.now > o.viewStart && o.now < o.viewEnd) el('line', { class: 'now', x1: x(o.now), x2: x(o.now), y1: BAR_Y - 4, y2: BAR_Y + BAR_H + 4 }, svg);
  if (o.selection !== null && o.selection >= o.viewStart && o.selection <= o.viewEnd) {
    el('line', { class: 'selection', x1: x(o.selection), x2: x(o.selection), y1: 0, y2: BAR_Y + BAR_H + 6 }, svg);
  }
  if (o.cursor !== null && o.cursor >= o.viewStart && o.cursor <= o.viewEnd) {
    const cx = x(o.cursor);
    el('line', { id: 'cursor', class: 'cursor', x1: cx, x2: cx, y1: 0, y2: BAR_Y + BAR_H + 6 }, svg);
    el('path', { class: 'cursor-head', d: `M${cx - 5},0 L${cx + 5},0 L${cx},6 Z` }, svg);
  }
  return width;
}

/** The instant under a client x coordinate. */
export function timeAt(svg, clientX, viewStart, viewEnd) {
  const box = svg.getBoundingClientRect();
  const f = Math.min(1, Math.max(0, (clientX - box.left) / box.width));
  return viewStart + f * (viewEnd - viewStart);
}
