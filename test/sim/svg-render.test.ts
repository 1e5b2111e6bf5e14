/**
 * The SVG timeline rendered by real renderers: resvg (from the npm registry, its binary in the package:
 * every machine that ran `npm install` has it) always, and headless Chromium when one is found
 * (CHROME_PATH, then chromium, chromium-browser, google-chrome on PATH; .ci/run installs Debian's and
 * sets CI, where a missing browser fails instead of skipping). The image has the SVG's size, is not
 * blank, and shows the red overflow marks and the op colours.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { runCli } from '../../sim/cli.js';
import { decodePng } from '../helpers/png.js';
import { repoRoot } from '../helpers/fixtures.js';

/** The overflow scenario's SVG (2 steps) and its size. */
async function overflowSvg(): Promise<{ svg: string; width: number; height: number }> {
  const files = new Map<string, string>();
  const status = await runCli(['sim', 'overflow', '--steps', '2', '--svg', 'timeline.svg'], {
    out: () => {},
    err: () => {},
    errIsTty: false,
    writeFile: (path, data) => void files.set(path, data),
    now: () => 0,
  });
  if (status !== 0) throw new Error(`the scenario exited ${status}`);
  const svg = files.get('timeline.svg')!;
  return { svg, width: Number(/width="(\d+)"/.exec(svg)![1]), height: Number(/height="(\d+)"/.exec(svg)![1]) };
}

/** What `inspect` asserts with. */
interface TestLike {
  ok(value: unknown, message: string): unknown;
}

/** What a rendered picture shows: inked pixels, red overflow marks, distinct colours. */
function inspect(t: TestLike, rgba: Uint8Array | Buffer, width: number, height: number, renderer: string): void {
  let inked = 0;
  let red = 0;
  const colours = new Set<number>();
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = [rgba[i * 4]!, rgba[i * 4 + 1]!, rgba[i * 4 + 2]!];
    if (r < 235 || g < 235 || b < 235) inked++;
    if (r > 190 && g < 70 && b < 70) red++;
    colours.add((r >> 4) * 256 + (g >> 4) * 16 + (b >> 4));
  }
  t.ok(inked > width * height * 0.05, `${renderer}: not blank (${inked} inked pixels)`);
  t.ok(red > 20, `${renderer}: the red overflow marks are drawn (${red} pixels)`);
  t.ok(colours.size > 30, `${renderer}: kernels in many colours (${colours.size})`);
}

t.test('the overflow timeline renders in resvg', async (t) => {
  const { svg, width, height } = await overflowSvg();
  const image = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false }, background: 'white' }).render();
  t.same([image.width, image.height], [width, height], `the picture is ${width}x${height}, the SVG's size`);
  inspect(t, image.pixels, image.width, image.height, 'resvg');
});

/** A headless browser: CHROME_PATH, else the first of the usual names on PATH. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (env['CHROME_PATH']) return executable(env['CHROME_PATH']) ? env['CHROME_PATH'] : null;
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) if (executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

t.test('the overflow timeline renders in headless Chromium', async (t) => {
  const browser = findBrowser();
  if (!browser) {
    if (process.env['CI']) t.fail('no headless browser found under CI: set CHROME_PATH or install chromium (.ci/run does)');
    else t.pass('no headless browser found (set CHROME_PATH, or apt-get install chromium): skipped; resvg checked the picture above', { skip: true });
    return;
  }
  const { svg, width, height } = await overflowSvg();
  const dir = mkdtempSync(join(tmpdir(), 'mindsim-svg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const svgPath = join(dir, 'timeline.svg');
  writeFileSync(svgPath, svg);
  const pngPath = join(dir, 'timeline.png');
  execFileSync(browser, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${join(dir, 'profile')}`,
    `--screenshot=${pngPath}`, `--window-size=${width},${height}`, `file://${svgPath}`,
  ], { stdio: 'ignore', timeout: 60_000 });
  const image = decodePng(new Uint8Array(readFileSync(pngPath)));
  t.same([image.width, image.height], [width, height], `the PNG is ${width}x${height}, the SVG's size`);
  inspect(t, image.rgba, image.width, image.height, 'Chromium');
});

t.test('the browser lookup: CHROME_PATH first, then PATH; none found is null', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mindsim-path-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const fake = join(dir, 'chromium-browser');
  writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
  t.equal(findBrowser({ PATH: `/nonexistent${delimiter}${dir}` }), fake);
  t.equal(findBrowser({ PATH: dir, CHROME_PATH: '/nonexistent/chrome' }), null, 'a CHROME_PATH that is not there is not overridden');
  t.equal(findBrowser({ PATH: '/nonexistent' }), null);
});

t.test("the guide's timeline image is what the scenario draws today", async (t) => {
  const files = new Map<string, string>();
  await runCli(['sim', 'overflow', '--steps', '1', '--svg', 'docs/images/overflow-timeline.svg'], {
    out: () => {},
    err: () => {},
    errIsTty: false,
    writeFile: (path, data) => void files.set(path, data),
    now: () => 0,
  });
  const committed = readFileSync(join(repoRoot, 'docs', 'images', 'overflow-timeline.svg'), 'utf8');
  t.equal(files.get('docs/images/overflow-timeline.svg'), committed, 'regenerate it with: node dist/sim/cli.js sim overflow --steps 1 --svg docs/images/overflow-timeline.svg');
});
