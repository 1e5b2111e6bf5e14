/** The part of `@paulirish/trace_engine` (DevTools' trace engine) the suite uses: parse a trace, read its flows. */
declare module '@paulirish/trace_engine/analyze-trace.mjs' {
  /** Parses Chrome trace events as the DevTools performance panel does. */
  export function analyzeEvents(traceEvents: readonly unknown[]): Promise<{
    parsedTrace: { data: { Flows: { flows: unknown[][] } } };
  }>;
}
