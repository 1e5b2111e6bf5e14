/**
 * Explaining a wait that can never finish: which streams are blocked on what, and the cycle if any.
 * @module
 */
import { DeadlockError } from '../../errors/index.js';
import { type Stream, type WorkItem, WorkState } from './work.js';

/** Why a blocked stream cannot proceed: the item it waits for, or an event never recorded. */
function blocker(stream: Stream): { text: string; next?: Stream; via?: string } | undefined {
  const item = stream.running;
  if (item && item.rendezvous && item.state === WorkState.Running) return { text: `${stream} ${item.rendezvous.waiting()}` };
  if (!item || item.state !== WorkState.Queued) return undefined;
  if (item.event) return { text: `${stream} waits for event ${item.event.name}, which is never recorded` };
  const dep = item.deps?.find((d) => !d.finished);
  if (!dep) return undefined;
  const via = dep.kind === 'record' ? `event ${dep.op.replace('record ', '')}` : `'${dep.op}'`;
  const what = dep.kind === 'record' ? `${via} recorded on ${dep.stream}` : `${via} on ${dep.stream}`;
  return { text: `${stream} waits for ${what}`, next: dep.stream, via };
}

/**
 * Builds the deadlock error for a host wait that cannot finish.
 *
 * @param target - what the host waited for (`Ascend:0 stream 1`).
 * @param streams - every stream that may be involved.
 */
export function deadlockError(target: string, streams: readonly Stream[]): DeadlockError {
  const lines: string[] = [];
  const edges = new Map<Stream, Stream>();
  const labels = new Map<Stream, string>();
  for (const s of streams) {
    const b = blocker(s);
    if (!b) continue;
    lines.push(`  ${b.text}`);
    if (b.next) {
      edges.set(s, b.next);
      labels.set(s, b.via ?? '');
    }
  }
  let cycle = '';
  for (const start of edges.keys()) {
    const path: Stream[] = [];
    let s: Stream | undefined = start;
    while (s && !path.includes(s)) {
      path.push(s);
      s = edges.get(s);
    }
    if (s) {
      const loop = path.slice(path.indexOf(s));
      cycle = `\n  cycle: ${loop.map((x) => `${x} —${labels.get(x)}→ `).join('')}${s}`;
      break;
    }
  }
  const detail = lines.length > 0 ? lines.join('\n') : '  (no stream is blocked: the awaited work was never submitted)';
  return new DeadlockError(`deadlock: waiting for ${target} can never finish; nothing left to run.\n${detail}${cycle}`);
}

/** The items a blocked wait depends on, for tests and tools. */
export function blockedItems(streams: readonly Stream[]): WorkItem[] {
  return streams.map((s) => s.running).filter((i): i is WorkItem => i !== null && i.state === WorkState.Queued);
}
