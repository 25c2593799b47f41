/**
 * The OpenAPI 3.1 document of the API (`GET /v1/openapi.json`), generated from the route table
 * (routes.ts) and the zod schemas (schemas.ts) that validate requests and responses: named
 * schemas become `components.schemas` (zod's JSON Schema output, draft 2020-12, which is
 * OpenAPI 3.1's dialect), parameters come from the params and query schemas.
 */

import { z } from 'zod';
import { TOOL_INFO } from '../tool-info.js';
import { PROBLEMS, type ProblemCode } from './problems.js';
import { apiRoutes, type RouteSpec } from './routes.js';
import { apiSchemas } from './schemas.js';

type Json = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;
/** Errors every route with a body, or with access control, may answer with. */
const BODY_PROBLEMS: ProblemCode[] = [
  'malformed-json',
  'unsupported-media-type',
  'validation-failed',
  'body-too-large',
];

/** JSON Schema of a zod schema: a `$ref` to its component when it is a named one. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const id = apiSchemas.get(schema)?.id;
  if (id) return { $ref: REF(id) };
  const out = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Json;
  delete out.$schema;
  return out;
}

/** Each request schema's and each response schema's component (requests as input, responses as output). */
function components(): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const io of ['input', 'output'] as const) {
    const all = z.toJSONSchema(apiSchemas, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'any',
      uri: REF,
    }).schemas as Record<string, Json>;
    for (const [id, schema] of Object.entries(all)) {
      const isRequest = /Request$/.test(id);
      if ((io === 'input') !== isRequest) continue;
      const rest = { ...schema };
      delete rest.$schema;
      delete rest.$id;
      out[id] = rest;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function parameters(route: RouteSpec): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Json; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property as Json;
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

function problemResponse(codes: ProblemCode[]): Json {
  return {
    description: `problem: ${codes.map((c) => `\`${c}\``).join(', ')}`,
    content: { 'application/problem+json': { schema: { $ref: REF('Problem') } } },
  };
}

function operation(route: RouteSpec): Json {
  const responses: Json = {};
  for (const [status, r] of Object.entries(route.responses)) {
    responses[status] = r.schema
      ? {
          description: r.description,
          content: { 'application/json': { schema: schemaOf(r.schema, 'output') } },
        }
      : { description: r.description };
  }
  const codes = new Set<ProblemCode>(route.problems);
  if (route.body) for (const c of BODY_PROBLEMS) codes.add(c);
  if (route.params || route.query) codes.add('validation-failed');
  if (route.access !== 'public') codes.add('unauthorized');
  if (route.access === 'write' || typeof route.access === 'function') codes.add('writes-disabled');
  codes.add('internal');
  const byStatus = new Map<number, ProblemCode[]>();
  for (const c of [...codes].sort())
    byStatus.set(PROBLEMS[c].status, [...(byStatus.get(PROBLEMS[c].status) ?? []), c]);
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0]))
    responses[String(status)] = problemResponse(list);
  const security =
    route.access === 'public'
      ? []
      : route.access === 'write'
        ? [{ bearer: [] }]
        : // Reads need the token only when the server protects them; check with add=true always.
          [{}, { bearer: [] }];
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(parameters(route).length > 0 ? { parameters: parameters(route) } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
          },
        }
      : {}),
    responses,
    security,
  };
}

/** The OpenAPI 3.1 document (see the module comment); the same input gives the same bytes. */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of apiRoutes) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'dupgraf archive service',
      version: TOOL_INFO.version,
      description:
        'Checks news copy for recycled paragraphs against an archive of stories (`dupgraf serve`). ' +
        'Errors are application/problem+json (RFC 9457) with a stable `code`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [
      { name: 'check', description: 'checking stories' },
      { name: 'stories', description: 'the archive’s stories: store, correct, kill, show' },
      { name: 'approvals', description: 'approved boilerplate' },
      { name: 'service', description: 'health and statistics' },
    ],
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'the token of `--token-file` or `DUPGRAF_TOKEN`',
        },
      },
    },
  };
}
