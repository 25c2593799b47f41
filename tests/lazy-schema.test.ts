/**
 * Schemas built on first use (src/lazy-schema.ts): a stand-in costs nothing until it is used,
 * then behaves as the schema it stands for (parsing, composing, `instanceof`, its shape).
 */
import { describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { lazySchema, once } from '../src/lazy-schema.js';
import { approvalRegistrySchema } from '../src/check/approvals.js';
import { checkConfigSchema, policyLimitsSchema } from '../src/check/policy.js';

describe('once', () => {
  test('builds on the first call only, and returns the same value after', () => {
    let builds = 0;
    const value = once(() => ({ n: ++builds }));
    expect(builds).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(builds).toBe(1);
  });
});

describe('lazySchema', () => {
  test('builds nothing until used, then once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.strictObject({ a: z.number().int(), b: z.string().optional() });
    });
    expect(builds).toBe(0);
    expect(schema.safeParse({ a: 1 }).success).toBe(true);
    expect(schema.safeParse({ a: 1.5 }).success).toBe(false);
    expect(schema.parse({ a: 2, b: 'x' })).toEqual({ a: 2, b: 'x' });
    expect(() => schema.parse({ a: 1, c: 1 })).toThrow(z.ZodError);
    expect(builds).toBe(1);
  });

  test('behaves as the schema: instanceof, shape, keys, composing', () => {
    const schema = lazySchema(() => z.strictObject({ a: z.number() }));
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(schema.shape)).toEqual(['a']);
    expect('safeParse' in schema).toBe(true);
    expect(schema.optional().safeParse(undefined).success).toBe(true);
    const outer = z.object({ inner: schema, list: z.array(schema) });
    expect(outer.parse({ inner: { a: 1 }, list: [{ a: 2 }] })).toEqual({
      inner: { a: 1 },
      list: [{ a: 2 }],
    });
    expect(outer.safeParse({ inner: { a: 'x' }, list: [] }).success).toBe(false);
    expect(z.toJSONSchema(schema)).toEqual(z.toJSONSchema(z.strictObject({ a: z.number() })));
  });

  test('the exported schemas validate as before', () => {
    expect(policyLimitsSchema.parse({ maxBoilerplateShare: '25%' })).toEqual({
      maxBoilerplateShare: 0.25,
    });
    expect(policyLimitsSchema.safeParse({ countPartials: 'yes' }).success).toBe(false);
    expect(checkConfigSchema.safeParse({ overrides: { '': {} } }).error?.issues[0].message).toBe(
      'an object of limits keyed by non-empty globs (the key "" is empty)',
    );
    expect(approvalRegistrySchema.safeParse({ version: 1, entries: [] }).success).toBe(true);
    expect(
      approvalRegistrySchema.safeParse({
        version: 1,
        entries: [{ id: 'a', text: 't', owner: 'o', reason: 'r', expires: '2024-02-30' }],
      }).success,
    ).toBe(false);
  });
});
