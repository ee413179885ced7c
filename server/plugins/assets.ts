/**
 * The browser scripts: each entry in `server/assets/` is bundled with esbuild once, in memory,
 * when the service starts, and served at `/assets/<name>.js` with an ETag of its content. Pages
 * reference them as external files (the CSP allows scripts from this origin only, never inline),
 * and every page works without them: they only enhance what the HTML already does.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { serviceError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    assets: BrowserAssets;
  }
}

export const ASSETS_DIR = fileURLToPath(new URL('../assets/', import.meta.url));

/** The scripts pages may load, by name (`server/assets/<name>.ts`). */
export const SCRIPT_NAMES = ['editor', 'live-status', 'regrade-progress'] as const;
export type ScriptName = (typeof SCRIPT_NAMES)[number];

export interface BundledScript {
  code: string;
  /** A strong ETag (RFC 9110 §8.8.3): a SHA-256 prefix of the bundle. */
  etag: string;
}

export class BrowserAssets {
  constructor(private readonly scripts: ReadonlyMap<string, BundledScript>) {}

  find(name: string): BundledScript | undefined {
    return this.scripts.get(name);
  }

  /** The URL a page's `<script>` tag uses; the version makes a new bundle a new URL for caches. */
  url(name: ScriptName): string {
    const script = this.scripts.get(name)!;
    return `/assets/${name}.js?v=${script.etag.slice(1, -1)}`;
  }
}

/** Bundles every entry; the browsers in use all run ES2020 modules. */
export async function bundleScripts(names: readonly string[] = SCRIPT_NAMES): Promise<Map<string, BundledScript>> {
  const result = await build({
    entryPoints: Object.fromEntries(names.map((name) => [name, path.join(ASSETS_DIR, `${name}.ts`)])),
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2020',
    platform: 'browser',
    minify: true,
    legalComments: 'eof',
    outdir: '/assets',
    logLevel: 'silent',
  });
  const scripts = new Map<string, BundledScript>();
  for (const file of result.outputFiles) {
    if (!file.path.endsWith('.js')) continue;
    const name = path.basename(file.path, '.js');
    const code = file.text;
    scripts.set(name, { code, etag: `"${createHash('sha256').update(code).digest('hex').slice(0, 20)}"` });
  }
  return scripts;
}

/** True when an If-None-Match header (RFC 9110 §13.1.2) names the current ETag. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

const assetsPlugin: FastifyPluginAsync = async (app) => {
  const started = performance.now();
  const assets = new BrowserAssets(await bundleScripts());
  app.log.info({ bundleMs: Math.round(performance.now() - started) }, 'browser scripts bundled');
  app.decorate('assets', assets);

  app.get<{ Params: { name: string }; Querystring: { v?: string } }>('/assets/:name.js', async (request, reply) => {
    const script = assets.find(request.params.name);
    if (!script) throw serviceError('NG_ERR_NOT_FOUND');
    reply.header('etag', script.etag);
    // A versioned URL never changes content; the bare URL is checked against the ETag each time.
    const versioned = request.query.v === script.etag.slice(1, -1);
    reply.header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (matchesEtag(request.headers['if-none-match'], script.etag)) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(script.code);
  });
};

export default fp(assetsPlugin, { name: 'assets', fastify: '5.x' });
