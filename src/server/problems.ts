/**
 * The API's errors: {@link ApiProblem} carries an HTTP status and a stable `code`; the server
 * writes it as `application/problem+json` (RFC 9457). {@link PROBLEMS} lists every code with its
 * status and title (docs/server.md has the same table).
 */

/** Every error code of the API: HTTP status and a short title. */
export const PROBLEMS = {
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'bad-request': { status: 400, title: 'The request is not valid HTTP for this API' },
  unauthorized: { status: 401, title: 'A valid bearer token is required' },
  'writes-disabled': { status: 403, title: 'This server accepts no writes (no token configured)' },
  'not-found': { status: 404, title: 'No such resource' },
  'story-not-found': { status: 404, title: 'No story is stored under this id' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'request-timeout': { status: 408, title: 'The request took too long to arrive' },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'too-many-paragraphs': { status: 413, title: 'The story has too many paragraphs' },
  'uri-too-long': { status: 414, title: 'The request URL is too long' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json' },
  'validation-failed': { status: 422, title: 'The request does not match the API’s schema' },
  'id-required': { status: 422, title: 'The story needs an id to be stored' },
  'unknown-desk': { status: 422, title: 'No policy is configured for this desk' },
  'too-few-words': { status: 422, title: 'The paragraph is too short to need an approval' },
  'headers-too-large': { status: 431, title: 'The request headers are too large' },
  'shutting-down': { status: 503, title: 'The server is shutting down' },
  'archive-unavailable': { status: 503, title: 'The archive cannot be used right now' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

/** An error code of the API (see {@link PROBLEMS}). */
export type ProblemCode = keyof typeof PROBLEMS;

/** One validation problem: where in the request (a JSON Pointer) and what is wrong. */
export interface ProblemError {
  pointer: string;
  message: string;
}

/** An error the API answers with (see the module comment). */
export class ApiProblem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly errors?: ProblemError[];
  /** For `archive-unavailable`: the archive error's stable code, e.g. `INDEX_LOCKED`. */
  readonly reason?: string;
  /** `detail`: one sentence for a person, never containing story text or a server path. */
  constructor(code: ProblemCode, detail: string, errors?: ProblemError[], reason?: string) {
    super(detail);
    this.name = 'ApiProblem';
    this.code = code;
    this.status = PROBLEMS[code].status;
    if (errors) this.errors = errors;
    if (reason) this.reason = reason;
  }
}

/** The problem+json body of an {@link ApiProblem} for the request path `instance`. */
export function problemBody(problem: ApiProblem, instance: string) {
  return {
    type: `urn:dupgraf:problem:${problem.code}`,
    title: PROBLEMS[problem.code].title,
    status: problem.status,
    detail: problem.message,
    instance,
    code: problem.code,
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(problem.reason ? { reason: problem.reason } : {}),
  };
}
