import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { App } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { StackConfigError } from './config.js';
import type { PipelineFunction } from './constructs/pipeline-function.js';
import { cdkJsonContext, createParkstatsApp } from './parkstats-app.js';

/**
 * `npx tsx infra/bundle-report.ts [outdir]`: one real synth with esbuild bundling (offline,
 * no Docker), then the size of each handler bundle and what dominates it, read from the
 * esbuild metafile the bundling writes next to the bundle. Target: ≤ 150 KB minified per
 * handler, the AWS SDK left to the Lambda runtime.
 */

export const BUNDLE_TARGET_BYTES = 150 * 1024;

export interface BundleSize {
  readonly name: string;
  /** Absolute path of the bundled `index.mjs`. */
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The largest inputs (package or source folder) and their bytes in the bundle. */
  readonly largest: { input: string; bytes: number }[];
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Synthesizes the app with bundling into `outdir`; returns the handler functions by name. */
export function synthWithBundling(outdir: string): { app: App; functions: Record<string, PipelineFunction> } {
  const { app, stack } = createParkstatsApp({ outdir, context: { ...cdkJsonContext } });
  app.synth();
  return { app, functions: { ingest: stack.ingest, aggregate: stack.aggregate, report: stack.report } };
}

/** The directory of the function's code asset inside the cloud assembly. */
export function bundleDir(outdir: string, fn: PipelineFunction): string {
  const asset = fn.fn.node.findChild('Code');
  if (!(asset instanceof s3assets.Asset)) throw new Error(`${fn.node.path}: code is not a file asset`);
  return path.join(outdir, asset.assetPath);
}

/** Groups a metafile input path by npm package, or by source folder for our own code. */
function inputGroup(input: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage?.[1]) return inPackage[1];
  return path.dirname(input).replace(/^(\.\.\/)+/, '');
}

export function measureBundle(name: string, dir: string): BundleSize {
  const file = path.join(dir, 'index.mjs');
  const metafile = JSON.parse(readFileSync(path.join(dir, 'index.meta.json'), 'utf8')) as Metafile;
  const output = Object.entries(metafile.outputs).find(([out]) => out.endsWith('index.mjs'))?.[1];
  const groups = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    groups.set(inputGroup(input), (groups.get(inputGroup(input)) ?? 0) + bytesInOutput);
  }
  const largest = [...groups]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return { name, file, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length, largest };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatBundleReport(sizes: BundleSize[]): string {
  return sizes
    .map((s) => {
      const verdict = s.bytes <= BUNDLE_TARGET_BYTES ? 'ok' : `over the ${kb(BUNDLE_TARGET_BYTES)} target`;
      const parts = s.largest.map((l) => `    ${kb(l.bytes).padStart(9)}  ${l.input}`).join('\n');
      return `${s.name.padEnd(10)} ${kb(s.bytes).padStart(9)} minified, ${kb(s.gzipBytes)} gzip — ${verdict}\n${parts}`;
    })
    .join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outdir = process.argv[2] ?? mkdtempSync(path.join(tmpdir(), 'parkstats-bundles-'));
  try {
    const { functions } = synthWithBundling(outdir);
    const sizes = Object.entries(functions).map(([name, fn]) => measureBundle(name, bundleDir(outdir, fn)));
    console.log(`cloud assembly: ${outdir}\n${formatBundleReport(sizes)}`);
  } catch (error) {
    if (!(error instanceof StackConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
