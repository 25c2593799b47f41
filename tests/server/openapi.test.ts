/**
 * The OpenAPI document (`GET /v1/openapi.json`): a valid OpenAPI 3.1 document (checked against
 * the specification's own schema by @seriousme/openapi-schema-validator), describing every route
 * of the route table, and describing the server truthfully: real responses of the running server,
 * successes and problems, validate against the document's schemas (Ajv, JSON Schema 2020-12).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../src/server/openapi.js';
import { apiRoutes } from '../../src/server/routes.js';
import { request, startTestApp, type TestApp } from '../helpers/server.js';
import { CLOSER } from '../check/texts.js';
import { ARCHIVE, DRAFT } from './stories.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const TOKEN = 'openapi-test-token';
const doc = openApiDocument() as Json;

test('the document is valid OpenAPI 3.1', async () => {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc));
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
});

test('the document describes every route of the table, and its schemas come from zod', () => {
  for (const route of apiRoutes) {
    const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
    expect([route.operationId, operation?.operationId]).toEqual([
      route.operationId,
      route.operationId,
    ]);
  }
  // A constraint written once in zod shows up in the document.
  expect(doc.components.schemas.ApprovalRequest.properties.owner.maxLength).toBe(200);
  expect(doc.components.schemas.CheckResult.properties.verdict.enum).toEqual(['pass', 'fail']);
  expect(doc.paths['/v1/check'].post.parameters.map((p: Json) => p.name)).toEqual([
    'add',
    'diff',
    'draft',
  ]);
  // The same input gives the same bytes.
  expect(JSON.stringify(openApiDocument())).toBe(JSON.stringify(doc));
});

describe('real responses validate against the document', () => {
  let t: TestApp;
  let base: string;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ ...doc, $id: 'openapi.json' });
  /** Validates a response body against the document's schema for that operation and status. */
  function expectDescribed(path: string, method: string, status: number, body: string) {
    const response = doc.paths[path][method].responses[String(status)];
    expect([path, method, status, response !== undefined]).toEqual([path, method, status, true]);
    if (!response.content) return expect(body).toBe('');
    const [type, { schema }] = Object.entries(response.content)[0] as [string, { schema: Json }];
    const validate = ajv.compile({
      $ref: `openapi.json${schema.$ref ?? ''}`,
      ...(schema.$ref ? {} : schema),
    });
    const data = JSON.parse(body);
    const ok = validate(data);
    expect([path, method, status, type, ok, validate.errors]).toEqual([
      path,
      method,
      status,
      type,
      true,
      null,
    ]);
  }

  beforeAll(async () => {
    t = await startTestApp({ stories: ARCHIVE, token: TOKEN, desks: { sports: {} } });
    base = await t.listen();
  });
  afterAll(() => t.close());

  test('every endpoint, its success and its problems', async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const json = { 'content-type': 'application/json' };
    const cases: [string, string, string, Record<string, string>, unknown?][] = [
      [
        '/v1/check',
        'post',
        '/v1/check?diff=true&draft=true',
        json,
        { text: DRAFT, desk: 'sports' },
      ],
      ['/v1/check', 'post', '/v1/check', json, { paragraphs: ['One short one.'] }],
      ['/v1/check', 'post', '/v1/check?add=true', auth, { text: DRAFT, id: 'new-1' }],
      ['/v1/check', 'post', '/v1/check?add=true', json, { text: DRAFT, id: 'new-1' }],
      ['/v1/check', 'post', '/v1/check', json, { text: 7 }],
      ['/v1/check', 'post', '/v1/check', json, { text: DRAFT, desk: 'nope' }],
      ['/v1/stories/{id}', 'put', '/v1/stories/s-1', auth, { text: DRAFT, date: '2026-05-01' }],
      ['/v1/stories/{id}', 'put', '/v1/stories/s-1', auth, { text: `${DRAFT}\n\nMore.` }],
      ['/v1/stories/{id}', 'get', '/v1/stories/s-1', {}],
      ['/v1/stories/{id}', 'get', '/v1/stories/none', {}],
      ['/v1/stories/{id}', 'delete', '/v1/stories/s-1', auth],
      ['/v1/stories/{id}', 'delete', '/v1/stories/s-1', {}],
      ['/v1/approvals', 'post', '/v1/approvals', auth, { text: CLOSER, owner: 'A', reason: 'b' }],
      ['/v1/approvals', 'get', '/v1/approvals', {}],
      ['/v1/stats', 'get', '/v1/stats', {}],
      ['/healthz', 'get', '/healthz', {}],
      ['/readyz', 'get', '/readyz', {}],
    ];
    const seen = new Set<string>();
    for (const [path, method, url, headers, body] of cases) {
      const r = await request(base + url, {
        method: method.toUpperCase(),
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expectDescribed(path, method, r.status, r.body);
      seen.add(`${method} ${path}`);
    }
    for (const route of apiRoutes)
      expect(seen).toContain(`${route.method.toLowerCase()} ${route.path}`);
  });

  test('the served document is the generated one', async () => {
    const r = await request(`${base}/v1/openapi.json`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual(doc);
  });
});
