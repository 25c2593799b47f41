/**
 * The HTTP API as one table ({@link apiRoutes}): each route's method, path, who may call it, the
 * zod schemas of its parameters, query, body and responses, and what it does. app.ts registers
 * the table with fastify (validating requests and responses with these schemas) and openapi.ts
 * describes the same table as the OpenAPI document.
 */

import type { z } from 'zod';
import { DupgrafError } from '../errors.js';
import { ApiProblem, type ProblemCode } from './problems.js';
import {
  approvalListSchema,
  approvalRequestSchema,
  approvalResultSchema,
  checkQuerySchema,
  checkRequestSchema,
  checkResultSchema,
  healthSchema,
  putStoryRequestSchema,
  putStoryResultSchema,
  statsSchema,
  storyParamsSchema,
  storySchema,
  STORY_FORMS,
} from './schemas.js';
import type { ArchiveService } from './service.js';

/**
 * Who may call a route: anyone (`public`), a reader (the token when reads are protected), a
 * writer (always the token). `check` is a read, or a write with `?add=true`.
 */
export type Access = 'public' | 'read' | 'write';

/** What a handler gets: the validated parameters, query and body. */
export interface RouteInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/** A handler's answer: a status and a body (validated against that status's schema). */
export interface RouteOutput {
  status: number;
  body?: unknown;
}

/** One route of the API (see the module comment). */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with `{name}` parameters, as OpenAPI writes it. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'check' | 'stories' | 'approvals' | 'service';
  /** Who may call it; a function when the query decides (check with `?add=true`). */
  access: Access | ((query: Record<string, unknown>) => Access);
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * Forms of the body that exclude each other, by their fields (a story: {@link STORY_FORMS}); a
   * body with fields of two forms gets one error naming them.
   */
  bodyForms?: readonly (readonly string[])[];
  /** Success responses by status: description and body schema (none for 204). */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Error codes it may answer with (besides unauthorized, validation-failed, internal …). */
  problems: ProblemCode[];
  handler(service: ArchiveService, input: RouteInput): Promise<RouteOutput>;
}

/** The API (see the module comment). */
export const apiRoutes: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/v1/check',
    operationId: 'checkStory',
    summary: 'Check a story against the archive',
    description:
      'Finds each recycled paragraph of the story in the archive (sources with ids, lines, dates ' +
      'and texts, similarity, changed facts, origin, approvals) and gives the desk’s verdict. ' +
      'With `?add=true` the story is then stored under its id, in the same transaction.',
    tag: 'check',
    access: (query) => (query.add === true ? 'write' : 'read'),
    query: checkQuerySchema,
    body: checkRequestSchema,
    bodyForms: STORY_FORMS,
    responses: { 200: { description: 'the check result', schema: checkResultSchema } },
    problems: ['too-many-paragraphs', 'id-required', 'unknown-desk', 'body-too-large'],
    async handler(service, { query, body }) {
      const flags = query as z.output<typeof checkQuerySchema>;
      return {
        status: 200,
        body: await service.check(body as z.output<typeof checkRequestSchema>, flags),
      };
    },
  },
  {
    method: 'PUT',
    path: '/v1/stories/{id}',
    operationId: 'putStory',
    summary: 'Store a story (add it, or replace it: a correction)',
    tag: 'stories',
    access: 'write',
    params: storyParamsSchema,
    body: putStoryRequestSchema,
    bodyForms: STORY_FORMS,
    responses: {
      200: { description: 'stored (replaced, or unchanged)', schema: putStoryResultSchema },
      201: { description: 'stored (new)', schema: putStoryResultSchema },
    },
    problems: ['too-many-paragraphs', 'unknown-desk', 'body-too-large'],
    async handler(service, { params, body }) {
      const result = await service.put(params.id, body as z.output<typeof putStoryRequestSchema>);
      return { status: result.outcome === 'added' ? 201 : 200, body: result };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/stories/{id}',
    operationId: 'deleteStory',
    summary: 'Remove a story (a kill)',
    tag: 'stories',
    access: 'write',
    params: storyParamsSchema,
    responses: { 204: { description: 'removed' } },
    problems: ['story-not-found'],
    async handler(service, { params }) {
      await service.remove(params.id);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/v1/stories/{id}',
    operationId: 'getStory',
    summary: 'A stored story and its stored paragraphs',
    tag: 'stories',
    access: 'read',
    params: storyParamsSchema,
    responses: { 200: { description: 'the story', schema: storySchema } },
    problems: ['story-not-found'],
    async handler(service, { params }) {
      return { status: 200, body: await service.story(params.id) };
    },
  },
  {
    method: 'GET',
    path: '/v1/stats',
    operationId: 'getStats',
    summary: 'What the archive holds, its settings, the desks and the limits',
    tag: 'service',
    access: 'read',
    responses: { 200: { description: 'counts and settings', schema: statsSchema } },
    problems: [],
    async handler(service) {
      return { status: 200, body: await service.stats() };
    },
  },
  {
    method: 'POST',
    path: '/v1/approvals',
    operationId: 'approveBoilerplate',
    summary: 'Approve a paragraph as boilerplate (stored with the archive)',
    description:
      'A paragraph that is a near-duplicate of an approved one is reported as `approved`, not ' +
      'counted against the policy, until the approval expires. Approving the same words again ' +
      'replaces the entry.',
    tag: 'approvals',
    access: 'write',
    body: approvalRequestSchema,
    responses: { 200: { description: 'approved', schema: approvalResultSchema } },
    problems: ['too-few-words'],
    async handler(service, { body }) {
      return {
        status: 200,
        body: await service.approve(body as z.output<typeof approvalRequestSchema>),
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/approvals',
    operationId: 'listApprovals',
    summary: 'The approved boilerplate stored with the archive',
    tag: 'approvals',
    access: 'read',
    responses: { 200: { description: 'the entries', schema: approvalListSchema } },
    problems: [],
    async handler(service) {
      return { status: 200, body: { entries: await service.approvals() } };
    },
  },
  {
    method: 'GET',
    path: '/healthz',
    operationId: 'health',
    summary: 'The process is up',
    tag: 'service',
    access: 'public',
    responses: { 200: { description: 'up', schema: healthSchema } },
    problems: [],
    async handler() {
      return { status: 200, body: { status: 'ok' } };
    },
  },
  {
    method: 'GET',
    path: '/readyz',
    operationId: 'ready',
    summary: 'The archive answers a read (within 1.5 s) and the server takes requests',
    tag: 'service',
    access: 'public',
    responses: { 200: { description: 'ready', schema: healthSchema } },
    problems: ['archive-unavailable', 'shutting-down'],
    async handler(service) {
      try {
        await service.ready();
      } catch (error) {
        // The archive's error answers 503 archive-unavailable with its code as the reason (a
        // lost connection: INDEX_IO); its message, which names the archive, goes to the log only.
        if (error instanceof ApiProblem) throw error;
        if (error instanceof DupgrafError && /^INDEX_/.test(error.code)) throw error;
        throw new ApiProblem('archive-unavailable', 'the archive does not answer');
      }
      return { status: 200, body: { status: 'ready' } };
    },
  },
];
