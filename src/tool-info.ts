/** The tool's name and version, read from package.json. */

import { createRequire } from 'node:module';
import type { ToolInfo } from './engine/report.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** `{ name: 'dupgraf', version }` from package.json. */
export const TOOL_INFO: ToolInfo = Object.freeze({ name: pkg.name, version: pkg.version });
