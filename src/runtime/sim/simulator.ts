/**
 * The simulator as programs use it: the {@link SimulatorCore} (clock, event list, trace delivery) plus
 * the renderers of its recorded trace: a Chrome trace, a terminal timeline and an SVG timeline.
 * @module
 */
import { SimulatorCore } from './core.js';
import { toChromeTrace, type ChromeTrace } from '../trace/chrome.js';
import { renderTimeline, type TimelineOptions } from '../trace/timeline.js';
import { renderSvgTimeline, type SvgTimelineOptions } from '../trace/svg.js';

export type { SimulatorOptions } from './core.js';

/**
 * The simulation clock and event list, with the recorded trace's renderers.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const sim = new runtime.Simulator();
 * sim.schedule(1500, () => console.log('fired at', sim.now())); // fired at 1500 — when run() reaches it
 * sim.run();
 * ```
 */
export class Simulator extends SimulatorCore {
  /** The recorded trace as a Chrome trace (open it in Perfetto or chrome://tracing). */
  chromeTrace(): ChromeTrace {
    return toChromeTrace(this.records());
  }

  /** The recorded trace as a compact terminal timeline, one lane per device stream. */
  timeline(options?: TimelineOptions): string {
    return renderTimeline(this.records(), options);
  }

  /** The recorded trace as an SVG timeline (lanes per stream, kernels coloured by op, overflow marks). */
  svgTimeline(options?: SvgTimelineOptions): string {
    return renderSvgTimeline(this.records(), options);
  }
}
