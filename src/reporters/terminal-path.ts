/**
 * Paths as a terminal shows them. A file name may hold control characters (a line break, an
 * escape sequence): written as they are, they would split a report line or drive the terminal.
 */

/** C0 and C1 control characters and DEL (what the regular expression is for: matching them). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** The escapes of the usual control characters (others are written `\xHH`). */
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `path` with each control character written as an escape (`\n`, `\r`, `\t`, `\x1b`, …), as
 * `git` quotes such names; any other path is returned unchanged. For text meant for a terminal
 * (the text reporters and the CLI's warnings), not for JSON, SARIF or HTML, which escape their own.
 */
export function shownPath(path: string): string {
  return path.replace(
    CONTROL,
    (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/**
 * A file warning as a terminal line shows it, without the line end: `warning: path: message`
 * (the path as {@link shownPath} gives it). The CLI writes it to stderr after `dupgraf: `; the
 * text report lists it.
 */
export function warningText(warning: { path: string; message: string }): string {
  return `warning: ${shownPath(warning.path)}: ${warning.message}`;
}
