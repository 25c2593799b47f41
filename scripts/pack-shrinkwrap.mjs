#!/usr/bin/env node
/**
 * `npm pack` (prepack): writes npm-shrinkwrap.json, the package-lock.json without the development
 * dependencies, so the tarball (and `npm install -g` of it) installs exactly the runtime
 * dependencies the tests ran with; `postpack` removes it (`--remove`). The repository keeps only
 * package-lock.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'npm-shrinkwrap.json');
if (process.argv.includes('--remove')) {
  fs.rmSync(target, { force: true });
} else {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const packages = {};
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '') {
      const rest = { ...entry };
      delete rest.devDependencies;
      packages[where] = rest;
    } else if (!entry.dev) {
      packages[where] = entry;
    }
  }
  fs.writeFileSync(target, JSON.stringify({ ...lock, packages }, null, 2) + '\n');
}
