// A static file server for pages under test and for the web example: files of one folder (plus
// extra folders mounted under URL prefixes), optionally cross-origin isolated (COOP/COEP: what
// tfjs-backend-wasm needs for SharedArrayBuffer, i.e. threads). No other server logic.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.zip': 'application/zip',
};

/**
 * Serves `dir` on 127.0.0.1 (`host` to change), `port` 0 = any free port; `mounts` maps a URL
 * prefix (e.g. `/runs/`) to another folder. Resolves to the node:http server (listening).
 */
export function serveStatic(dir, { isolated = false, port = 0, host = '127.0.0.1', mounts = {} } = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let base = root;
    for (const [prefix, folder] of Object.entries(mounts))
      if (path.startsWith(prefix)) {
        base = resolve(folder);
        path = path.slice(prefix.length);
        break;
      }
    let file = join(base, path.replace(/^\/+/, ''));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(base) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const headers = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    };
    if (isolated)
      Object.assign(headers, {
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
    res.writeHead(200, headers).end(readFileSync(file));
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}
