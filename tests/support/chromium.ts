import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Debian `chromium` binary (`apt-get install -y chromium`), or null when it is not installed. */
export function findChromium(): string | null {
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export interface RenderedPage {
  /** The PNG screenshot of the page. */
  screenshot: Buffer;
  /** The DOM after parsing, as Chromium serializes it. */
  dom: string;
}

/**
 * Opens an HTML page in headless Chromium, offline: no sandbox (containers), no GPU, and every
 * background fetch (component updates, sync, QUIC probes) turned off so it never reaches the network.
 */
export async function renderInChromium(
  chromium: string,
  html: string,
  size: { width: number; height: number },
): Promise<RenderedPage> {
  const dir = await mkdtemp(join(tmpdir(), 'parkstats-chromium-'));
  try {
    const page = join(dir, 'report.html');
    const shot = join(dir, 'shot.png');
    await writeFile(page, html, 'utf8');
    // Two independent runs (each with its own profile, as Chromium locks a profile) in parallel.
    const flags = (profile: string) => [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${join(dir, profile)}`,
      `--window-size=${size.width},${size.height}`,
    ];
    const options = { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 };
    const [, dump] = await Promise.all([
      run(chromium, [...flags('shot-profile'), `--screenshot=${shot}`, `file://${page}`], options),
      run(chromium, [...flags('dom-profile'), '--dump-dom', `file://${page}`], options),
    ]);
    return { screenshot: await readFile(shot), dom: dump.stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
