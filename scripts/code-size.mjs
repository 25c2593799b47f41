#!/usr/bin/env node
/**
 * `node scripts/code-size.mjs [--top N] [--over LINES] [PATH…]`: the longest files and functions
 * under src/ (or the given files and folders), in lines, longest first, so that a refactor's
 * before and after can be shown. A function's length runs from its first line to its last
 * (doc comment not counted; a nested function counts in its own row and in its parent's).
 * Functions are declarations, methods, constructors, accessors, and function expressions and
 * arrow functions whose body is a block (named after the variable or property they are given
 * to). Parsed with the TypeScript compiler API, so comments and strings never fool it.
 *
 *   --top N       rows of each table (default 20)
 *   --over LINES  only files and functions longer than this (default 0)
 *   --json        one JSON object instead of two tables
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '20' },
    over: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: node scripts/code-size.mjs [--top N] [--over LINES] [--json] [PATH…]');
  process.exit(0);
}
const top = Number(values.top);
const over = Number(values.over);
if (!Number.isInteger(top) || top < 1 || !Number.isInteger(over) || over < 0) {
  console.error('code-size: --top needs a positive whole number and --over a whole number');
  process.exit(2);
}

/** Every .ts file (not .d.ts) under the given paths, sorted, relative to the repository. */
function tsFiles(paths) {
  const out = [];
  const visit = (p) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  };
  for (const p of paths) {
    if (!fs.existsSync(path.resolve(ROOT, p))) {
      console.error(`code-size: no such file or folder: ${p}`);
      process.exit(2);
    }
    visit(path.resolve(ROOT, p));
  }
  return out.map((p) => path.relative(ROOT, p));
}

/** The name a function is known by: its own, or the variable, property or class it belongs to. */
function functionName(node) {
  const own = node.name && ts.isIdentifier(node.name) ? node.name.text : undefined;
  const owner = node.parent && ts.isClassLike(node.parent) && node.parent.name?.text;
  if (ts.isConstructorDeclaration(node)) return `${owner || 'class'}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
    const name = node.name.getText();
    return owner ? `${owner}.${name}` : name;
  }
  if (own) return own;
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
    return parent.name.getText();
  return '(anonymous)';
}

/** Lines of each function-like node with a block body in one file. */
function functionsOf(file, source) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    const isFunction =
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessor(node) ||
      ts.isSetAccessor(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node);
    if (isFunction && node.body && ts.isBlock(node.body)) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      found.push({ file, line: first, name: functionName(node), lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const files = [];
const functions = [];
for (const file of tsFiles(positionals.length > 0 ? positionals : ['src'])) {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const lines = source.split('\n').length - (source.endsWith('\n') ? 1 : 0);
  files.push({ file, lines });
  functions.push(...functionsOf(file, source));
}
const longest = (rows) =>
  rows
    .filter((r) => r.lines > over)
    .sort(
      (a, b) =>
        b.lines - a.lines ||
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
        (a.line ?? 0) - (b.line ?? 0),
    )
    .slice(0, top);
const result = {
  files: longest(files),
  functions: longest(functions),
  totals: {
    files: files.length,
    lines: files.reduce((n, f) => n + f.lines, 0),
    functions: functions.length,
    filesOver400: files.filter((f) => f.lines > 400).length,
    functionsOver60: functions.filter((f) => f.lines > 60).length,
  },
};
if (values.json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`Longest files (lines):`);
  for (const f of result.files) console.log(`${String(f.lines).padStart(6)}  ${f.file}`);
  console.log(`\nLongest functions (lines):`);
  for (const f of result.functions)
    console.log(`${String(f.lines).padStart(6)}  ${f.file}:${f.line}  ${f.name}`);
  const t = result.totals;
  console.log(
    `\n${t.files} files, ${t.lines} lines, ${t.functions} functions; ` +
      `${t.filesOver400} files over 400 lines, ${t.functionsOver60} functions over 60 lines`,
  );
}
