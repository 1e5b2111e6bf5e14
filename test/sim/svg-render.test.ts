/**
 * The SVG timeline rendered by headless Chromium (Debian's chromium, which .ci/run installs) to a PNG:
 * the image has the SVG's size, is not blank, and shows the red overflow marks and the op colours.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../sim/cli.js';
import { decodePng } from '../helpers/png.js';
import { repoRoot } from '../helpers/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';

t.test('the overflow timeline renders in headless Chromium', async (t) => {
  t.ok(existsSync(CHROMIUM), `${CHROMIUM} is installed (apt-get install chromium; .ci/run does)`);
  if (!existsSync(CHROMIUM)) return;
  const dir = mkdtempSync(join(tmpdir(), 'mindsim-svg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const svgPath = join(dir, 'timeline.svg');
  const files = new Map<string, string>();
  const status = await runCli(['sim', 'overflow', '--steps', '2', '--svg', svgPath], {
    out: () => {},
    err: () => {},
    errIsTty: false,
    writeFile: (path, data) => void files.set(path, data),
    now: () => 0,
  });
  t.equal(status, 0);
  const svg = files.get(svgPath)!;
  writeFileSync(svgPath, svg);
  const width = Number(/width="(\d+)"/.exec(svg)![1]);
  const height = Number(/height="(\d+)"/.exec(svg)![1]);
  const pngPath = join(dir, 'timeline.png');
  execFileSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${join(dir, 'profile')}`,
    `--screenshot=${pngPath}`, `--window-size=${width},${height}`, `file://${svgPath}`,
  ], { stdio: 'ignore', timeout: 60_000 });
  const image = decodePng(new Uint8Array(readFileSync(pngPath)));
  t.same([image.width, image.height], [width, height], `the PNG is ${width}x${height}, the SVG's size`);
  let inked = 0;
  let red = 0;
  const colours = new Set<number>();
  for (let i = 0; i < image.width * image.height; i++) {
    const [r, g, b] = [image.rgba[i * 4]!, image.rgba[i * 4 + 1]!, image.rgba[i * 4 + 2]!];
    if (r < 235 || g < 235 || b < 235) inked++;
    if (r > 190 && g < 70 && b < 70) red++;
    colours.add((r >> 4) * 256 + (g >> 4) * 16 + (b >> 4));
  }
  t.ok(inked > image.width * image.height * 0.05, `not blank: ${inked} inked pixels`);
  t.ok(red > 20, `the red overflow marks are drawn (${red} pixels)`);
  t.ok(colours.size > 30, `kernels in many colours (${colours.size})`);
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
