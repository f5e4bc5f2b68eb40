/**
 * Fails when a test calls `assert.ok(value)` or `assert(value)` without a message, or with a
 * message that only restates the expression (`assert.ok(x > 0, 'expected x > 0')`).
 *
 * Why: when such a bare assertion fails, node describes it by re-parsing the (transpiled) source
 * of the test file, which under the tsx loader can spin at full CPU for many minutes before the
 * failure is even reported. A message makes node skip that. A message that repeats the expression
 * says nothing the stack does not: it should show what was observed (support/observed.ts), or the
 * assertion should be an assert.equal / deepEqual on the exact value. Run by `npm test` before the tests.
 *
 * Usage: node --import tsx test/support/check-assert-messages.ts [folder]   (default: test)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const ASSERTIONS_NEEDING_A_MESSAGE = new Set(['assert', 'assert.ok']);

export interface BareAssertion {
  file: string;
  line: number;
  call: string;
}

/** Every bare `assert.ok(x)` / `assert(x)` in one TypeScript source text. */
export function findBareAssertions(file: string, source: string): BareAssertion[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: BareAssertion[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ASSERTIONS_NEEDING_A_MESSAGE.has(node.expression.getText(tree)) && (node.arguments.length < 2 || restatesTheExpression(node, tree))) {
      const { line } = tree.getLineAndCharacterOfPosition(node.getStart(tree));
      found.push({ file, line: line + 1, call: node.getText(tree).replace(/\s+/g, ' ').slice(0, 120) });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** Whether the message is a fixed text that is the asserted expression itself, "expected " before it or not. */
function restatesTheExpression(call: ts.CallExpression, tree: ts.SourceFile): boolean {
  const [value, message] = call.arguments;
  if (!value || !message || !(ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message))) return false;
  const spaceless = (text: string) => text.replace(/\s+/g, '');
  return spaceless(message.text.replace(/^expected\s+/i, '')) === spaceless(value.getText(tree));
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const folder = process.argv[2] ?? 'test';
  const bare = typeScriptFiles(folder).flatMap((file) => findBareAssertions(relative('.', file), readFileSync(file, 'utf8')));
  for (const { file, line, call } of bare) console.error(`${file}:${line}: ${call}`);
  if (bare.length > 0) {
    console.error(`\n${bare.length} assertion(s) without a message, or whose message only restates the expression: show the observed value (a failed bare assert.ok can stall the test run for minutes).`);
    process.exit(1);
  }
}
