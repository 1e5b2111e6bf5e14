/**
 * The TSDoc `@example` blocks of a source file, and what each must print. The convention (written in
 * docs/contributing.md): a line that calls `console.log(` or `print(` ends with `// ` and what it
 * prints (`\n` for a line break; a remark may follow after ` — `); comment-only lines right after it
 * continue that output (or are all of it, when the line has no comment); every other comment is a
 * remark.
 */

/** One example: its code (the comment's `* ` prefix removed), the line it starts on, what it must print. */
export interface TsdocExample {
  readonly line: number;
  readonly code: string;
  readonly output: string;
}

const EXAMPLE = /@example[^\n]*\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g;
const PRINTS = /\b(console\.log|print)\(|\.train\(/; // Model.train prints through its callbacks

/** The examples of a source text. */
export function tsdocExamples(text: string): TsdocExample[] {
  const out: TsdocExample[] = [];
  for (const m of text.matchAll(EXAMPLE)) {
    const code = m[2]!
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n');
    const line = text.slice(0, m.index! + m[0].indexOf('```ts')).split('\n').length + 1;
    out.push({ line, code, output: expectedOutput(code) });
  }
  return out;
}

/** What an example's comments say it prints. */
export function expectedOutput(code: string): string {
  const lines = code.split('\n');
  let out = '';
  const text = (comment: string) => comment.split(' — ')[0]!.replaceAll('\\n', '\n') + '\n';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*\/\//.test(line)) continue;
    const m = /^(.*?\S)\s*\/\/ ?(.*)$/.exec(line);
    if (!PRINTS.test(m ? m[1]! : line)) continue;
    if (m) out += text(m[2]!);
    while (i + 1 < lines.length && /^\s*\/\/( |$)/.test(lines[i + 1]!)) out += text(lines[++i]!.replace(/^\s*\/\/ ?/, ''));
  }
  return out;
}

/**
 * The example as a module: its imports at the top (`mindsim` and `mindsim/testing` resolved to this
 * checkout's sources, relative ones to the source file's folder), its statements in an exported
 * function `run` (async when the example awaits), so that the caller decides in which context they run.
 */
export function exampleModule(code: string, resolve: (spec: string) => string): string {
  const imports: string[] = [];
  const body: string[] = [];
  let inImport = false;
  for (const line of code.split('\n')) {
    if (inImport || (body.length === 0 && /^import\s/.test(line))) {
      imports.push(line);
      inImport = !/from\s+['"][^'"]+['"];?\s*$/.test(line) && !/^import\s+['"][^'"]+['"];?\s*$/.test(line);
    } else body.push(line);
  }
  const resolved = imports.join('\n').replace(/from\s+(['"])([^'"]+)\1/g, (_, q: string, spec: string) => `from ${q}${resolve(spec)}${q}`);
  const statements = body.join('\n');
  const head = /\bawait\b/.test(statements) ? 'export async function run(): Promise<void>' : 'export function run(): void';
  return `${resolved}\n${head} {\n${statements}\n}\n`;
}
