/**
 * Whether to colour human-readable output. Precedence: the --color/--no-color flag, then
 * FORCE_COLOR (0 or "false" disables), then NO_COLOR (any non-empty value disables), then
 * whether the stream written to is a terminal.
 */
export function shouldUseColor(
  flag: boolean | undefined,
  env: Record<string, string | undefined>,
  isTTY: boolean,
): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  if (env.NO_COLOR) return false;
  return isTTY;
}
