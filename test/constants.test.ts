// Every platform number lib/ uses comes from the one generated table (native/constants.list ->
// lib/constants.ts for PHP's constants, lib/platform.ts for the internal ones): a number typed
// by hand is right on the machine it was typed on and wrong on another architecture (SO_RCVTIMEO
// is 20 on x86-64 and 18 on powerpc). This test reads lib/ with TypeScript's parser and fails on
// the shapes a hand-typed platform number takes.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import * as platform from '../lib/platform.js';

const root = new URL('..', import.meta.url).pathname;
const GENERATED = new Set(['lib/constants.ts', 'lib/platform.ts']);

/** The names of the generated table (public and internal), and C's prefixes for such names. */
const listed = new Set(
  readFileSync(join(root, 'native/constants.list'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[A-Z]/.test(l)),
);
const PLATFORM_NAME =
  /^(E[A-Z0-9]{2,}|AF_|PF_|SOCK_|SOL_|SO_|MSG_|IPPROTO_|IPV6_|IP_|TCP_|UDP_|SCM_|STREAM_|SHUT_|POLL|AI_|EAI_|NI_|S_IF|MCAST_|SKF_|PHP_(NORMAL|BINARY)_READ)/;
// Sizes are allowed (the "0, 1, -1, sizes"): a name that says it is a length or a bound.
const SIZE_NAME = /(_MAX|_LEN|_SIZE)$/;

function libFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? libFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function hasNumber(node: ts.Node): boolean {
  if (ts.isNumericLiteral(node)) return true;
  return ts.forEachChild(node, (c) => (hasNumber(c) ? true : undefined)) === true;
}

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);
const isNegation = (n: ts.Node) => ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken;

/** Each place in `file` where a platform number is typed by hand, as "file:line: text". */
function findings(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const report = (node: ts.Node, why: string) => {
    const line = src.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    out.push(`${relative(root, file)}:${line}: ${why}: ${node.getText().slice(0, 60)}`);
  };
  const visit = (node: ts.Node): void => {
    // `const SOL_SOCKET = 1`, `{ EAGAIN: 11 }`: a platform name given a literal value.
    if ((ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node)) && node.initializer) {
      const name = node.name.getText();
      if ((listed.has(name) || PLATFORM_NAME.test(name)) && !SIZE_NAME.test(name) && hasNumber(node.initializer)) {
        report(node, 'platform name with a typed value');
      }
    }
    if (ts.isNumericLiteral(node)) {
      const value = Number(node.text);
      // `1 /* SOCK_STREAM */`: a literal that names the constant it stands for.
      const after = text.slice(node.end, node.end + 40);
      if (/^\s*\/\*\s*[A-Z][A-Z0-9_]+\s*\*\//.test(after)) report(node, 'literal standing for a named constant');
      // `-r !== 11`, `rc === -90`: an errno value compared by number.
      const parent = node.parent;
      const cmp = isNegation(parent) ? parent.parent : parent;
      if (value > 1 && ts.isBinaryExpression(cmp) && EQUALITY.has(cmp.operatorToken.kind)) {
        const other = cmp.left === node || cmp.left === parent ? cmp.right : cmp.left;
        if (isNegation(parent) || isNegation(other)) report(node, 'errno compared by number');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return out;
}

describe('platform numbers', () => {
  it('are never typed by hand in lib/ (only the generated files hold them)', () => {
    const files = libFiles(join(root, 'lib')).filter((f) => !GENERATED.has(relative(root, f)));
    expect(files.length).toBeGreaterThan(40);
    expect(files.flatMap(findings)).toEqual([]);
  });

  it('the check finds each shape it looks for', () => {
    const probe = join(root, 'test/helpers/hand-typed-numbers.fixture.ts.txt');
    expect(findings(probe).map((f) => f.replace(/^.*?:(\d+): ([^:]+):.*$/, '$1 $2'))).toEqual([
      '1 platform name with a typed value',
      '2 platform name with a typed value',
      '3 literal standing for a named constant',
      '4 errno compared by number',
      '4 errno compared by number',
      '5 errno compared by number',
    ]);
  });

  it('the internal table has the platform values and is not exported from the package root', () => {
    expect(platform.EAGAIN).toBe(p.SOCKET_EAGAIN);
    expect(platform.EINPROGRESS).toBe(p.SOCKET_EINPROGRESS);
    expect(platform.POLLIN).toBeGreaterThan(0);
    expect(Object.keys(p)).not.toContain('EAGAIN');
    expect(Object.keys(p)).not.toContain('POLLIN');
    for (const name of Object.keys(platform)) expect(Object.keys(p)).not.toContain(name);
  });
});
