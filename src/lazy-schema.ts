/**
 * Schemas built on first use. Building a zod schema runs zod (and, in the CLI bundle, loads it:
 * scripts/build-cli.mjs evaluates zod only when it is first used), which costs a noticeable part
 * of a `check`'s start-up (docs/performance.md#start-up); most runs never validate anything
 * beyond their flags. So the modules every command loads build their schemas lazily.
 */

/**
 * A function that builds a value once, on its first call, and then returns that value: for a
 * schema used inside dupgraf (`limitsSchema()`).
 */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/**
 * An object that stands for the one `build` returns, built on first use: every property read,
 * `in`, `Object.keys`, `instanceof` and method call goes to the built object. For schemas that
 * are exported (the API's `checkConfigSchema` …): they are used as zod schemas, as before, and
 * cost nothing until then. A method read through this object is bound to the built object, so
 * `lazy.optional()` is `built.optional()` (zod's methods use `this`). Inside dupgraf, compose
 * schemas from the built ones (see {@link once}) rather than from these stand-ins.
 */
export function lazySchema<T extends object>(build: () => T): T {
  const real = once(build);
  return new Proxy({} as T, {
    get: (_, key) => {
      const target = real();
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' && key !== 'constructor'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // The stand-in has no properties of its own: what it reports must be configurable.
      if (descriptor) descriptor.configurable = true;
      return descriptor;
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
