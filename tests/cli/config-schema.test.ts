/**
 * schema/config.schema.json is generated from the settings table (refresh with
 * `UPDATE_GOLDEN=1 npm test`), and agrees with the validation the CLI applies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { validateConfig } from '../../src/cli/config.js';
import { configJsonSchema } from '../../src/cli/settings.js';
import { REPO_ROOT } from '../helpers/paths.js';

const FILE = path.join(REPO_ROOT, 'schema/config.schema.json');

test('schema/config.schema.json is the one generated from the settings table', () => {
  const generated = JSON.stringify(configJsonSchema(), null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(FILE, generated);
  expect(fs.readFileSync(FILE, 'utf8')).toBe(generated);
});

test('the JSON Schema accepts and refuses what the CLI does', () => {
  const validate = new Ajv2020({ strict: false }).compile(
    JSON.parse(fs.readFileSync(FILE, 'utf8')) as object,
  );
  const configs: unknown[] = [
    {},
    { $schema: './node_modules/dupgraf/schema/config.schema.json', threshold: 0.8 },
    { threshold: 0.8, minWords: 10, format: 'markdown', exclude: ['drafts/**'] },
    { threshold: 0 },
    { threshold: 1.01 },
    { shingleSize: 2.5 },
    { format: 'yaml' },
    { minCopies: 1 },
    { failOnDuplicates: 0 },
    { ignore: 'no' },
    { unknown: 1 },
  ];
  for (const config of configs) {
    let cli = true;
    try {
      validateConfig('c.json', config);
    } catch {
      cli = false;
    }
    expect([config, validate(config)]).toEqual([config, cli]);
  }
});
