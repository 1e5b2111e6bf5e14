/**
 * An SVG timeline readable without any viewer: one lane per device stream, kernels as boxes coloured
 * by op (the same op, the same colour), copies hatched grey, event records and waits as thin ticks,
 * float-status clears and reads as blue and green markers, and overflow (the register set) as red
 * triangles above the kernel that set it; collective parts in purple, the time a rank waited for the
 * others paler; on a cluster, each rank's lanes grouped under its rank; the moments the program marked
 * (training steps) as dashed rules; a time axis with ticks at 1, 2 or 5 × 10^n; a legend of what
 * appears. Every op of a picture has a colour of its own.
 * @module
 */
import type { TraceRecord, WorkKind } from './records.js';

/** Options of {@link renderSvgTimeline}. */
export interface SvgTimelineOptions {
  /** Width in pixels (default 1200). */
  readonly width?: number;
  /** A title drawn at the top. */
  readonly title?: string;
}

interface Span {
  lane: string;
  start: number;
  end: number;
  op: string;
  work: WorkKind;
  /** Collective parts: when the collective started (the rank waited before). */
  started?: number;
}

/** Lanes in device order (family, then number: GPU:2 before GPU:10), then stream. */
function laneOrder(a: string, b: string): number {
  const key = (l: string) => /^(.*?)(\d+) stream (\d+)$/.exec(l.replace(/^rank \d+ · /, ''));
  const ka = key(a);
  const kb = key(b);
  if (!ka || !kb) return a < b ? -1 : a > b ? 1 : 0;
  return ka[1]!.localeCompare(kb[1]!) || Number(ka[2]) - Number(kb[2]) || Number(ka[3]) - Number(kb[3]);
}

const LANE_HEIGHT = 28;
const LABEL_WIDTH = 130;
/** Lanes named after ranks are longer. */
const RANK_LABEL_WIDTH = 190;
const TOP = 44;

/** A stable colour per op name (hue from a string hash): for pictures drawn apart that must agree. */
export function opColour(op: string): string {
  let h = 2166136261;
  for (let i = 0; i < op.length; i++) h = Math.imul(h ^ op.charCodeAt(i), 16777619);
  return `hsl(${(h >>> 0) % 360}, 62%, 58%)`;
}

/**
 * The `i`-th of `n` distinct colours: up to 12, hues evenly spread; beyond, hues spread by the golden
 * angle with lightness and saturation cycling, so that no two ops of a picture share one.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * console.log(runtime.paletteColour(0, 4), runtime.paletteColour(1, 4)); // hsl(0, 62%, 58%) hsl(90, 62%, 58%)
 * ```
 */
export function paletteColour(i: number, n: number): string {
  const hue = n <= 12 ? Math.round((i * 360) / Math.max(n, 1)) : Math.round((i * 137.508) % 360);
  const [sat, light] = [[62, 58], [70, 42], [55, 72]][n <= 12 ? 0 : i % 3]!;
  return `hsl(${hue}, ${sat}%, ${light}%)`;
}

/**
 * Tick values that read well: steps of 1, 2 or 5 × 10^n, about `count` of them over [t0, t1].
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * console.log(runtime.niceTicks(0, 8.58e6)); // [ 0, 2000000, 4000000, 6000000, 8000000 ]
 * ```
 */
export function niceTicks(t0: number, t1: number, count = 5): number[] {
  const span = t1 - t0;
  if (!(span > 0)) return [t0];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1 + step * 1e-9; t += step) ticks.push(Math.round(t / step) * step);
  return ticks;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function formatNs(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toPrecision(3)} s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toPrecision(3)} ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toPrecision(3)} us`;
  return `${Math.round(ns)} ns`;
}

/**
 * Renders trace records as a standalone SVG document (a string).
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const p = new runtime.Platform({ record: Infinity });
 * const npu = p.device('Ascend:0');
 * npu.launch(npu.defaultStream, { name: 'MatMul', flops: 1e9, run: () => true });
 * npu.synchronize();
 * const svg = runtime.renderSvgTimeline(p.sim.records(), { title: 'one kernel' });
 * console.log(svg.startsWith('<svg'), svg.includes('MatMul'), svg.includes('overflow')); // true true true
 * ```
 */
export function renderSvgTimeline(records: readonly TraceRecord[], options: SvgTimelineOptions = {}): string {
  const width = options.width ?? 1200;
  const spans: Span[] = [];
  const begins = new Map<number, number>();
  const marks: { lane: string; time: number; action: 'set' | 'clear' | 'read'; op: string }[] = [];
  const moments: { time: number; label: string }[] = [];
  const rankOf = new Map<string, number>();
  const started = new Map<number, number>();
  for (const r of records) {
    if (r.type !== 'collective') continue;
    r.devices.forEach((d, i) => rankOf.set(d, r.ranks[i]!));
    if (r.phase === 'start') for (const id of r.items) started.set(id, r.time);
  }
  const laneOf = (device: string, stream: number) => `${rankOf.has(device) ? `rank ${rankOf.get(device)} · ` : ''}${device} stream ${stream}`;
  for (const r of records) {
    if (r.type === 'begin') begins.set(r.id, r.time);
    else if (r.type === 'end' && begins.has(r.id)) {
      const start = started.get(r.id);
      spans.push({ lane: laneOf(r.device, r.stream), start: begins.get(r.id)!, end: r.time, op: r.op, work: r.work, ...(start !== undefined ? { started: start } : {}) });
      begins.delete(r.id);
    } else if (r.type === 'register') marks.push({ lane: laneOf(r.device, r.stream), time: r.time, action: r.action, op: r.op });
    else if (r.type === 'mark') moments.push({ time: r.time, label: r.label });
  }
  const lanes = [...new Set(spans.map((s) => s.lane))].sort(laneOrder);
  const groupOf = (lane: string) => lane.replace(/ stream \d+$/, '');
  const ops = [...new Set(spans.filter((s) => s.work === 'kernel').map((s) => s.op))].sort();
  const colour = new Map(ops.map((op, i) => [op, paletteColour(i, ops.length)])); // distinct in this picture
  const has = {
    copy: spans.some((s) => s.work === 'copy'),
    collective: spans.some((s) => s.work === 'collective'),
    set: marks.some((m) => m.action === 'set'),
    clear: marks.some((m) => m.action === 'clear'),
    read: marks.some((m) => m.action === 'read'),
  };
  const legendCount = ops.length + Object.values(has).filter(Boolean).length + (has.collective ? 1 : 0);
  const legendRows = Math.ceil(legendCount / 6) + 1;
  const height = TOP + lanes.length * LANE_HEIGHT + 40 + legendRows * 18 + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    '<defs><pattern id="copy" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ddd"/><line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/></pattern></defs>',
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(options.title ?? 'mindsim timeline')}</text>`,
  ];
  if (spans.length === 0) {
    out.push(`<text x="10" y="${TOP + 14}">(no work recorded)</text>`, '</svg>');
    return out.join('\n');
  }
  const t0 = Math.min(...spans.map((s) => s.start));
  const t1 = Math.max(...spans.map((s) => s.end), ...marks.map((m) => m.time));
  const labelWidth = rankOf.size > 0 ? RANK_LABEL_WIDTH : LABEL_WIDTH;
  const plot = width - labelWidth - 20;
  const x = (t: number) => labelWidth + ((t - t0) / (t1 - t0 || 1)) * plot;
  const laneY = (lane: string) => TOP + lanes.indexOf(lane) * LANE_HEIGHT;
  lanes.forEach((lane, i) => {
    const y = TOP + i * LANE_HEIGHT;
    out.push(`<rect x="0" y="${y}" width="${width}" height="${LANE_HEIGHT}" fill="${i % 2 ? '#fafafa' : '#f0f0f0'}"/>`);
    const first = i === 0 || groupOf(lanes[i - 1]!) !== groupOf(lane);
    // a rank's (a device's) lanes form a group: its name once, a rule above it
    if (first && rankOf.size > 0) out.push(`<line class="rank-group" x1="0" y1="${y}" x2="${width}" y2="${y}" stroke="#555" stroke-width="1"/>`);
    const label = rankOf.size > 0 ? (first ? groupOf(lane) : '') + lane.slice(groupOf(lane).length) : lane;
    out.push(`<text x="6" y="${y + LANE_HEIGHT / 2 + 4}"${first && rankOf.size > 0 ? ' font-weight="bold"' : ''}>${escapeXml(label.trim())}</text>`);
  });
  for (const s of spans) {
    const y = laneY(s.lane);
    const x0 = x(s.start);
    const w = Math.max(1, x(s.end) - x0);
    const title = `<title>${escapeXml(`${s.op}: ${formatNs(s.start)} – ${formatNs(s.end)}`)}</title>`;
    if (s.work === 'kernel' || s.work === 'register') {
      const fill = s.work === 'register' ? '#8ab' : colour.get(s.op)!;
      out.push(`<rect x="${x0.toFixed(2)}" y="${y + 5}" width="${w.toFixed(2)}" height="${LANE_HEIGHT - 10}" fill="${fill}" stroke="#333" stroke-width="0.3">${title}</rect>`);
      if (w > s.op.length * 6 + 4) out.push(`<text x="${(x0 + 3).toFixed(2)}" y="${y + LANE_HEIGHT / 2 + 4}" font-size="10">${escapeXml(s.op)}</text>`);
    } else if (s.work === 'collective') {
      const xs = s.started === undefined ? x0 : Math.max(x0, x(s.started));
      if (xs > x0) out.push(`<rect class="collective-wait" x="${x0.toFixed(2)}" y="${y + 9}" width="${(xs - x0).toFixed(2)}" height="${LANE_HEIGHT - 18}" fill="#d9c8ee">${title}</rect>`);
      out.push(`<rect class="collective" x="${xs.toFixed(2)}" y="${y + 5}" width="${Math.max(1, x(s.end) - xs).toFixed(2)}" height="${LANE_HEIGHT - 10}" fill="#7b4fb8" stroke="#333" stroke-width="0.3">${title}</rect>`);
    } else if (s.work === 'copy') {
      out.push(`<rect x="${x0.toFixed(2)}" y="${y + 7}" width="${w.toFixed(2)}" height="${LANE_HEIGHT - 14}" fill="url(#copy)" stroke="#777" stroke-width="0.3">${title}</rect>`);
    } else {
      out.push(`<line x1="${x0.toFixed(2)}" y1="${y + 4}" x2="${x0.toFixed(2)}" y2="${y + LANE_HEIGHT - 4}" stroke="${s.work === 'record' ? '#555' : '#aaa'}" stroke-width="1">${title}</line>`);
    }
  }
  for (const m of marks) {
    const cx = x(m.time);
    const y = laneY(m.lane);
    const label = `<title>${escapeXml(`${m.action === 'set' ? 'overflow: register set by' : m.action === 'clear' ? 'register cleared by' : 'register read by'} ${m.op} at ${formatNs(m.time)}`)}</title>`;
    if (m.action === 'set') out.push(`<path class="overflow" d="M${(cx - 5).toFixed(2)},${y} L${(cx + 5).toFixed(2)},${y} L${cx.toFixed(2)},${y + 9} Z" fill="#d22">${label}</path>`);
    else out.push(`<circle class="register-${m.action}" cx="${cx.toFixed(2)}" cy="${y + LANE_HEIGHT - 5}" r="3.5" fill="${m.action === 'clear' ? '#26c' : '#2a2'}">${label}</circle>`);
  }
  const axisY = TOP + lanes.length * LANE_HEIGHT;
  // the moments the program named (training steps): a dashed rule across the lanes, labelled on top
  for (const m of moments) {
    const mx = x(m.time).toFixed(2);
    out.push(`<line class="step" x1="${mx}" y1="${TOP - 6}" x2="${mx}" y2="${axisY}" stroke="#444" stroke-width="0.8" stroke-dasharray="3,3"/>`);
    out.push(`<text x="${(Number(mx) + 2).toFixed(2)}" y="${TOP - 8}" font-size="9" fill="#444">${escapeXml(m.label)}</text>`);
  }
  out.push(`<line x1="${labelWidth}" y1="${axisY}" x2="${labelWidth + plot}" y2="${axisY}" stroke="#333"/>`);
  for (const t of niceTicks(t0, t1)) {
    const tx = x(t);
    out.push(`<line x1="${tx.toFixed(2)}" y1="${axisY}" x2="${tx.toFixed(2)}" y2="${axisY + 5}" stroke="#333"/>`);
    out.push(`<text x="${tx.toFixed(2)}" y="${axisY + 17}" text-anchor="middle">${formatNs(t)}</text>`);
  }
  out.push(`<text x="6" y="${axisY + 17}" fill="#555">simulated time</text>`);
  const legendY = axisY + 36;
  // the legend lists what the picture shows, and only that
  const items = [
    ...ops.map((op) => `<rect width="10" height="10" fill="${colour.get(op)!}"/><text x="14" y="9">${escapeXml(op)}</text>`),
    ...(has.copy ? ['<rect width="10" height="10" fill="url(#copy)"/><text x="14" y="9">copy</text>'] : []),
    ...(has.collective
      ? ['<rect width="10" height="10" fill="#7b4fb8"/><text x="14" y="9">collective</text>', '<rect width="10" height="10" fill="#d9c8ee"/><text x="14" y="9">waiting for ranks</text>']
      : []),
    ...(has.set ? ['<path d="M0,0 L10,0 L5,9 Z" fill="#d22"/><text x="14" y="9">overflow (register set)</text>'] : []),
    ...(has.clear ? ['<circle cx="5" cy="5" r="3.5" fill="#26c"/><text x="14" y="9">status cleared</text>'] : []),
    ...(has.read ? ['<circle cx="5" cy="5" r="3.5" fill="#2a2"/><text x="14" y="9">status read</text>'] : []),
  ];
  items.forEach((item, i) => {
    const col = i % 6;
    const row = Math.floor(i / 6);
    out.push(`<g transform="translate(${10 + col * ((width - 20) / 6)},${legendY + row * 18})">${item}</g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
