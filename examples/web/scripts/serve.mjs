#!/usr/bin/env node
// `npm run web`: builds the page and serves it at http://localhost:8080 (PORT to change) with the
// cross-origin-isolation headers (COOP same-origin, COEP require-corp) that let tfjs-backend-wasm
// use threads; `--no-isolation` serves without them (wasm then runs on one thread). The repo's
// runs/ folder is served at /runs/, so `runs/demo/` loads the demo's checkpoint in Detect.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../../../tools/browser-tests/static-server.mjs';
import { buildPage } from './build.mjs';

const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const repo = resolve(here, '../..');
const isolated = !process.argv.includes('--no-isolation');
const port = Number(process.env.PORT ?? 8080);
const dist = await buildPage();
const runs = join(repo, 'runs');
const server = await serveStatic(dist, {
  isolated,
  port,
  host: process.env.HOST ?? 'localhost',
  mounts: existsSync(runs) ? { '/runs/': runs } : {},
});
const url = `http://localhost:${server.address().port}/`;
console.log(
  `aligndet web example at ${url} (${isolated ? 'cross-origin isolated: wasm uses threads' : 'not isolated: wasm runs on one thread'})`,
);
if (existsSync(join(runs, 'demo', 'model_best.json')))
  console.log(`  the demo's checkpoint: ${url}?checkpoint=runs/demo/`);
