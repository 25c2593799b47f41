/**
 * The HTTP server of `dupgraf serve` (fastify): registers the route table (routes.ts), validating
 * each request's path, query and body and each response with the route's zod schemas; bearer
 * tokens (compared in constant time) for writes and, when configured, reads; the body limit;
 * CORS only for configured origins; errors as `application/problem+json`; one structured access
 * log line per request (pino) that never holds story text; the editor's page (page.ts) and the
 * OpenAPI document. {@link ServiceApp.shutdown} stops taking requests, lets those in flight
 * finish and closes the archive.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { pino, type DestinationStream } from 'pino';
import type { z } from 'zod';
import { DupgrafError } from '../errors.js';
import { openApiDocument } from './openapi.js';
import { EDITOR_ICON, EDITOR_PAGE, EDITOR_SCRIPT, EDITOR_STYLE, PAGE_CSP } from './page.js';
import { ApiProblem, problemBody, type ProblemCode, type ProblemError } from './problems.js';
import { apiRoutes, type Access, type RouteSpec } from './routes.js';
import { MAX_STORY_ID, MAX_STORY_ID_PARAM } from './schemas.js';
import type { ArchiveService } from './service.js';

/** How the server is set up (from flags and the config file's `serve` section). */
export interface AppOptions {
  service: ArchiveService;
  /** The bearer token writes (and protected reads) need; without one, writes are refused. */
  token?: string;
  /** Reads need the token too. Default false. */
  protectReads?: boolean;
  /** Largest request body, bytes. */
  bodyLimit: number;
  /** Origins allowed to call the API from a browser (CORS); default none. */
  corsOrigins?: readonly string[];
  /** Where access logs go (JSON lines), and the level; `false` for none. */
  log: { stream: DestinationStream; level?: string } | false;
  /** Longest wait for requests in flight at shutdown before connections are cut, ms. Default 10,000. */
  shutdownGraceMs?: number;
}

/** A built server: fastify, and its shutdown. */
export interface ServiceApp {
  fastify: FastifyInstance;
  /**
   * Stops taking requests (new ones get 503 `shutting-down`), waits for those in flight (at most
   * `shutdownGraceMs`), then closes the archive. Safe to call twice.
   */
  shutdown(): Promise<void>;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** JSON Pointer escaping of one path segment (RFC 6901). */
const pointerPart = (p: PropertyKey) => String(p).replace(/~/g, '~0').replace(/\//g, '~1');

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) v = (v as Record<PropertyKey, unknown> | null | undefined)?.[k];
  return v;
}

/** How well a union branch fits: the request's fields it does not know, then its issues. */
function misfit(issues: readonly z.core.$ZodIssue[]): [number, number] {
  let unknown = 0;
  for (const i of issues) if (i.code === 'unrecognized_keys') unknown += i.keys.length;
  return [unknown, issues.length];
}

/**
 * A union's issues: those of the branch that fits best (knows the most of the fields given, then
 * has the fewest issues), or of every branch that fits as well (e.g. `text` or `paragraphs`
 * missing, for an empty story).
 */
function flatIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
      out.push(issue);
      continue;
    }
    const branches = issue.errors.map((branch) =>
      flatIssues(branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))),
    );
    const scores = branches.map(misfit);
    const best = scores.reduce((a, b) => (b[0] < a[0] || (b[0] === a[0] && b[1] < a[1]) ? b : a));
    branches.forEach((b, k) => {
      if (scores[k][0] === best[0] && scores[k][1] === best[1]) out.push(...b);
    });
  }
  return out;
}

/** zod issues as problem `errors`: a pointer into the body, `?name` or `{name}`, and a message. */
function problemErrors(
  issues: readonly z.core.$ZodIssue[],
  where: 'body' | 'query' | 'path',
  data: unknown,
): ProblemError[] {
  const at = (path: readonly PropertyKey[]) =>
    where === 'body'
      ? path.map((p) => `/${pointerPart(p)}`).join('')
      : where === 'query'
        ? `?${path.map(String).join('.')}`
        : `{${path.map(String).join('.')}}`;
  // One entry per place; the alternatives a value could have matched joined with "or".
  const byPointer = new Map<string, string[]>();
  const add = (pointer: string, message: string) => {
    const list = byPointer.get(pointer) ?? [];
    if (!list.includes(message)) list.push(message);
    byPointer.set(pointer, list);
  };
  for (const issue of flatIssues(issues)) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(at([...issue.path, key]), 'unknown field');
    } else if (issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined) {
      add(at(issue.path), `required: ${issue.expected}`);
    } else {
      add(at(issue.path), issue.message);
    }
  }
  return [...byPointer].map(([pointer, messages]) => ({
    pointer,
    message: messages.join(', or '),
  }));
}

const WHERE = { body: 'body', query: 'query string', path: 'path' } as const;

/**
 * The forms of `forms` whose fields `data` has (a story's text form and structured form, say):
 * more than one is a body mixing two forms.
 */
function formsGiven(data: unknown, forms: readonly (readonly string[])[]) {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  return forms.filter((fields) => fields.some((f) => Object.hasOwn(data, f)));
}

function validate<T extends z.ZodType>(
  schema: T,
  data: unknown,
  where: 'body' | 'query' | 'path',
  forms: readonly (readonly string[])[] = [],
): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  let errors = problemErrors(result.error.issues, where, data);
  const given = formsGiven(data, forms);
  if (given.length > 1) {
    // Fields of two forms: one error saying so, not each field of the other form as unknown.
    const mixed = new Set(given.flat().map((f) => `/${pointerPart(f)}`));
    const [first, second] = given.map((fields) => fields.filter((f) => Object.hasOwn(data!, f)));
    errors = [
      {
        pointer: `/${pointerPart(second[0])}`,
        message: `give either ${first.join(' and ')} or ${second.join(' and ')}, not both`,
      },
      ...errors.filter((e) => !(mixed.has(e.pointer) && e.message === 'unknown field')),
    ];
  }
  throw new ApiProblem(
    'validation-failed',
    `the request ${WHERE[where]} does not match the API’s schema (see /v1/openapi.json)`,
    errors,
  );
}

/** An error met while handling a request, as the problem to answer with. */
function toProblem(error: unknown, bodyLimit: number): ApiProblem {
  if (error instanceof ApiProblem) return error;
  const code = (error as { code?: unknown })?.code;
  // The archive's own errors (locked, disk full, read-only, damaged): its stable code, not its
  // message (which names the file on the server).
  if (error instanceof DupgrafError && /^INDEX_/.test(error.code))
    return new ApiProblem(
      'archive-unavailable',
      `the archive cannot be used right now (${error.code}; see the server's log)`,
      undefined,
      error.code,
    );
  switch (code) {
    case 'FST_ERR_BAD_URL':
      return new ApiProblem(
        'bad-request',
        'the request URL is not valid (a % not followed by two hex digits, or bytes that are not UTF-8)',
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiProblem(
        'uri-too-long',
        `a path parameter is longer than this server takes (story ids have at most ${MAX_STORY_ID} characters)`,
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiProblem(
        'body-too-large',
        `the request body is larger than this server's limit of ${bodyLimit} bytes`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiProblem(
        'unsupported-media-type',
        'send the body as application/json (Content-Type: application/json)',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiProblem('malformed-json', 'the request body is empty: send a JSON object');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiProblem('malformed-json', 'the Content-Length does not match the body');
  }
  if (error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return new ApiProblem('malformed-json', 'the request body is not valid JSON');
  // Any other error of fastify's about the request (a 4xx): a problem of the same class.
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof code === 'string' && code.startsWith('FST_') && typeof status === 'number') {
    const same = REQUEST_PROBLEMS[status];
    if (same) return new ApiProblem(same, `the request was refused (${code})`);
    if (status >= 400 && status < 500)
      return new ApiProblem('bad-request', `the request was refused (${code})`);
  }
  return new ApiProblem('internal', 'the server failed to handle this request (see its log)');
}

/** The problem of a request error by its HTTP status (fastify's errors, node's client errors). */
const REQUEST_PROBLEMS: Record<number, ProblemCode> = {
  400: 'bad-request',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  413: 'body-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  431: 'headers-too-large',
};

/** The security headers of every response (also those written straight to the socket). */
const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': PAGE_CSP,
};

/**
 * Node's HTTP parser's errors (a request that is not HTTP, headers over node's limit, a request
 * too slow to arrive), which never reach a route: a problem+json answer written to the socket,
 * with the usual headers, then the connection closed (fastify's default answers plain JSON).
 */
function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail]: [ProblemCode, string] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['request-timeout', 'the request did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? ['headers-too-large', 'the request line and headers are larger than this server takes']
        : ['bad-request', 'the request is not valid HTTP'];
  const problem = new ApiProblem(code, detail);
  const body = JSON.stringify(problemBody(problem, ''));
  this.log.debug({ err: error }, 'client error');
  if (socket.writable) {
    const headers = {
      'content-type': 'application/problem+json',
      'content-length': String(Buffer.byteLength(body)),
      ...SECURITY_HEADERS,
      'cache-control': 'no-store',
      connection: 'close',
    };
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('') +
        `\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: ApiProblem) {
  if (problem.code === 'unauthorized') reply.header('www-authenticate', 'Bearer realm="dupgraf"');
  if (problem.code === 'shutting-down') reply.header('connection', 'close');
  const path = request.url.split('?')[0];
  // Here too, not only in the onSend hook: fastify's errors before routing (frameworkErrors)
  // are sent without the hooks.
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
  reply.header('cache-control', 'no-store');
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(problem, path)));
}

/** Builds the server (not yet listening); see the module comment. */
export async function buildApp(options: AppOptions): Promise<ServiceApp> {
  const { service, bodyLimit } = options;
  const app = Fastify({
    loggerInstance: loggerOf(options) as FastifyBaseLogger,
    bodyLimit,
    // One access line per request is written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: false,
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    // Every story id the API stores can be read and deleted: see MAX_STORY_ID_PARAM.
    routerOptions: { maxParamLength: MAX_STORY_ID_PARAM },
    // fastify's own errors before a route is found (a bad URL, a parameter over the length
    // above): problem+json like every other error, through the same hooks.
    frameworkErrors: (error, request, reply) =>
      sendProblem(reply, request, toProblem(error, bodyLimit)),
    clientErrorHandler,
  });
  // Bodies are JSON only (fastify would also take text/plain as a string).
  app.removeContentTypeParser('text/plain');
  const state = { closing: false };
  const allowed = methodsTable(app);
  addHooks(app, bodyLimit, state, allowed);

  if (options.corsOrigins && options.corsOrigins.length > 0) {
    const cors = (await import('@fastify/cors')).default;
    await app.register(cors, {
      origin: [...options.corsOrigins],
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type'],
      maxAge: 600,
    });
  }

  const authorize = authorizer(options);
  for (const route of apiRoutes) registerRoute(app, route, service, authorize);
  addPages(app);
  app.addHook('onClose', async () => {
    await service.store.close();
  });

  let shutting: Promise<void> | null = null;
  return {
    fastify: app,
    shutdown() {
      state.closing = true;
      shutting ??= (async () => {
        const grace = setTimeout(
          () => app.server.closeAllConnections?.(),
          options.shutdownGraceMs ?? 10_000,
        );
        try {
          await app.close();
        } finally {
          clearTimeout(grace);
        }
      })();
      return shutting;
    },
  };
}

/** The server's logger: JSON lines to `options.log.stream`, or none. */
function loggerOf(options: AppOptions) {
  return options.log
    ? pino(
        {
          level: options.log.level ?? 'info',
          // The process id tells apart the workers of `serve --workers` (as pino's default does).
          base: { service: 'dupgraf', pid: process.pid },
          timestamp: pino.stdTimeFunctions.isoTime,
          // Only what is safe to keep: never headers (tokens) or bodies (story text).
          serializers: { req: () => undefined, res: () => undefined },
        },
        options.log.stream,
      )
    : pino({ enabled: false });
}

/**
 * The check of a request's access: throws 401/403 unless the request may do what `access`
 * says (a write, or a read with `protectReads`, needs the server's bearer token).
 */
function authorizer(options: AppOptions): (access: Access, request: FastifyRequest) => void {
  const expected = options.token ? sha256(options.token) : null;
  const protectReads = options.protectReads ?? false;
  return (access, request) => {
    if (access === 'public' || (access === 'read' && !protectReads)) return;
    if (!expected) {
      throw new ApiProblem(
        'writes-disabled',
        'this server was started without a token (--token-file or DUPGRAF_TOKEN), so it accepts no writes',
      );
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer +([^\s]+) *$/i.exec(header);
    // Hash both sides: equal lengths for timingSafeEqual, and no early exit on the first byte.
    const ok = match !== null && timingSafeEqual(sha256(match[1]), expected);
    if (!ok)
      throw new ApiProblem(
        'unauthorized',
        header === ''
          ? `this ${access === 'write' ? 'write' : 'read'} needs a bearer token (Authorization: Bearer <token>)`
          : 'the bearer token is not valid',
      );
  };
}

/** The order of the methods an `Allow` header names. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/**
 * The methods each path answers, from every route registered (found through the `onRoute` hook,
 * so fastify's HEAD of each GET route and the CORS plugin's OPTIONS count too): for a 405's
 * `Allow` header. Returns the lookup; an empty list for a path no route has (a 404). A wildcard
 * route (CORS's `OPTIONS *`) adds its methods only to a path some other route has.
 */
function methodsTable(app: FastifyInstance): (path: string) => string[] {
  const routes: { pattern: RegExp | null; methods: string[] }[] = [];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat().map((m) => m.toUpperCase());
    const pattern = route.url.includes('*')
      ? null
      : new RegExp(
          `^${route.url
            .split('/')
            .map((part) => (part.startsWith(':') ? '[^/]+' : escape(part)))
            .join('/')}$`,
        );
    routes.push({ pattern, methods });
  });
  return (path) => {
    let decoded = path;
    try {
      decoded = decodeURI(path);
    } catch {
      // A bad percent-encoding never gets here (frameworkErrors answers it); the path as sent.
    }
    const found = routes.filter((r) => r.pattern?.test(decoded));
    if (found.length === 0) return [];
    const methods = new Set(
      [...found, ...routes.filter((r) => r.pattern === null)].flatMap((r) => r.methods),
    );
    return METHOD_ORDER.filter((m) => methods.has(m));
  };
}

/**
 * The hooks of every request: no body type for a bodiless GET or DELETE, 503 while `state`
 * is closing, the security headers, one access log line, and errors as problem details: a
 * method a known path does not take is 405 with `Allow` (RFC 9110), a path no route has 404.
 */
function addHooks(
  app: FastifyInstance,
  bodyLimit: number,
  state: { closing: boolean },
  allowed: (path: string) => string[],
): void {
  app.addHook('onRequest', async (request, reply) => {
    // A GET or DELETE without a body is not an empty JSON body, whatever its Content-Type says.
    if (
      (request.method === 'GET' || request.method === 'DELETE') &&
      !request.headers['transfer-encoding'] &&
      Number(request.headers['content-length'] ?? 0) === 0
    )
      delete request.headers['content-type'];
    if (state.closing)
      return sendProblem(reply, request, new ApiProblem('shutting-down', 'try again shortly'));
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        bytesIn: Number(request.headers['content-length'] ?? 0),
      },
      'request',
    );
  });
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, bodyLimit);
    if (problem.status >= 500 && problem.code !== 'shutting-down')
      request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allow = allowed(path);
    if (allow.length > 0) {
      reply.header('allow', allow.join(', '));
      return sendProblem(
        reply,
        request,
        new ApiProblem(
          'method-not-allowed',
          `${path} does not take ${request.method}; it takes ${allow.join(', ')} (see /v1/openapi.json)`,
        ),
      );
    }
    return sendProblem(
      reply,
      request,
      new ApiProblem('not-found', `no ${request.method} ${path} here (see /v1/openapi.json)`),
    );
  });
}

/** The OpenAPI document and the editor's page and assets. */
function addPages(app: FastifyInstance): void {
  const document = JSON.stringify(openApiDocument());
  app.get('/v1/openapi.json', async (_request, reply) =>
    reply.type('application/json').send(document),
  );
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(EDITOR_PAGE));
  app.get('/assets/editor.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(EDITOR_SCRIPT),
  );
  app.get('/assets/editor.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(EDITOR_STYLE),
  );
  app.get('/assets/icon.svg', async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'max-age=86400').send(EDITOR_ICON),
  );
}

function registerRoute(
  app: FastifyInstance,
  route: RouteSpec,
  service: ArchiveService,
  authorize: (access: Access, request: FastifyRequest) => void,
): void {
  app.route({
    method: route.method,
    url: route.path.replace(/\{(\w+)\}/g, ':$1'),
    handler: async (request, reply) => {
      const params = route.params
        ? (validate(route.params, request.params, 'path') as Record<string, string>)
        : {};
      const query = route.query
        ? (validate(route.query, request.query ?? {}, 'query') as Record<string, unknown>)
        : {};
      authorize(typeof route.access === 'function' ? route.access(query) : route.access, request);
      const body = route.body
        ? validate(route.body, request.body, 'body', route.bodyForms)
        : undefined;
      const out = await route.handler(service, { params, query, body });
      const schema = route.responses[out.status]?.schema;
      if (!schema) return reply.code(out.status).send();
      const checked = schema.safeParse(out.body);
      if (!checked.success) {
        request.log.error(
          { issues: checked.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) },
          'response does not match its schema',
        );
        throw new ApiProblem('internal', 'the server produced an invalid response (see its log)');
      }
      return reply.code(out.status).type('application/json').send(JSON.stringify(checked.data));
    },
  });
}
