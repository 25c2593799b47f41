/**
 * A throw-away npm registry on 127.0.0.1 for installing the packed tarball without the network:
 * it serves exactly the runtime packages of package-lock.json (packuments made from the lock's
 * entries, tarballs read from npm's own cache, which `npm ci` filled), so `npm install -g
 * ./dupgraf-x.y.z.tgz --registry …` resolves the dependencies as it would from npmjs.org and can
 * install nothing the lock does not hold. Development dependencies are not served: an install
 * that wanted one would fail.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

interface LockEntry {
  name?: string;
  version: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  hasInstallScript?: boolean;
}

/** A running registry: its URL, the packages it serves, and how to stop it. */
export interface LocalRegistry {
  url: string;
  /** Names of the packages served (the runtime dependency closure). */
  packages: string[];
  /** Tarballs served so far (names). */
  served: Set<string>;
  close(): Promise<void>;
}

/** npm's cacache module (bundled with npm) and npm's cache folder. */
function npmCache(): {
  cacache: {
    get: { stream: { byDigest(cache: string, integrity: string): NodeJS.ReadableStream } };
  };
  dir: string;
} {
  const npmCli = fs.realpathSync(execFileSync('which', ['npm'], { encoding: 'utf8' }).trim());
  const npmRoot = path.resolve(path.dirname(npmCli), '..');
  const require = createRequire(path.join(npmRoot, 'package.json'));
  const dir = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
  return { cacache: require('cacache'), dir: path.join(dir, '_cacache') };
}

/** Starts the registry for the runtime packages of the package-lock.json at `lockFile`. */
export async function startLocalRegistry(lockFile: string): Promise<LocalRegistry> {
  const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const { cacache, dir } = npmCache();
  // name → version → entry (a package may be in the lock at several versions).
  const byName = new Map<string, Map<string, LockEntry>>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || entry.dev || entry.link || !entry.integrity) continue;
    const name = entry.name ?? where.slice(where.lastIndexOf('node_modules/') + 13);
    if (!byName.has(name)) byName.set(name, new Map());
    byName.get(name)!.set(entry.version, entry);
  }
  const served = new Set<string>();
  let base = '';
  const tarballPath = (name: string, version: string) =>
    `/-/${encodeURIComponent(name)}/${version}.tgz`;

  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const tarball = /^\/-\/(.+)\/([^/]+)\.tgz$/.exec(url);
    if (tarball) {
      const entry = byName.get(tarball[1])?.get(tarball[2]);
      if (!entry) return void res.writeHead(404).end();
      served.add(tarball[1]);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const stream = cacache.get.stream.byDigest(dir, entry.integrity!);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
      return;
    }
    const versions = byName.get(url.slice(1));
    if (!versions) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    const name = url.slice(1);
    const manifest: Record<string, unknown> = {};
    for (const [version, e] of versions) {
      manifest[version] = {
        name,
        version,
        dependencies: e.dependencies,
        optionalDependencies: e.optionalDependencies,
        peerDependencies: e.peerDependencies,
        // Without it an optional peer (pg's pg-native) looks required and npm fetches it.
        peerDependenciesMeta: e.peerDependenciesMeta,
        bin: e.bin,
        engines: e.engines,
        os: e.os,
        cpu: e.cpu,
        hasInstallScript: e.hasInstallScript,
        dist: { tarball: base + tarballPath(name, version), integrity: e.integrity },
      };
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        name,
        'dist-tags': { latest: [...versions.keys()].at(-1) },
        versions: manifest,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base + '/',
    packages: [...byName.keys()].sort(),
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
