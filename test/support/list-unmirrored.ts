/**
 * Lists the src files with logic that have no test at the mirrored path (src/a/b.ts ->
 * test/a/b.test.ts or test/a/b.e2e.test.ts), as the rows of the table in test/README.md.
 *
 * For each: the tests that import it directly, and the tests that run it without importing it
 * (through the engine, the bot or a CLI child process, found by walking the imports) and name it
 * (its file name appears in the test). A file run only by tests that never name it is listed as
 * such: those are the gaps. The walk is static: "reaches" means "can run", not "was measured to run".
 *
 * Usage: node --import tsx test/support/list-unmirrored.ts > rows.md
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

const typeScriptFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => normalize(join(entry.parentPath, entry.name)))
    .sort();

/** The project files a file imports (type-only imports aside), plus workers it starts by path. */
function dependencies(file: string): string[] {
  const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const relative = (specifier: string) => found.push(normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))));
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly : node.isTypeOnly;
      if (!typeOnly && node.moduleSpecifier.text.startsWith('.')) relative(node.moduleSpecifier.text);
      return;
    }
    // Dynamic imports, and workers started from a path: new URL('./embed-worker.ts', import.meta.url).
    if (ts.isStringLiteral(node) && /^\.\.?\/[\w./-]+\.[jt]s$/.test(node.text)) relative(node.text);
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found.filter((path) => path.endsWith('.ts'));
}

/** Whether a file has a function body or a class (not only types, interfaces, constants and re-exports). */
function hasLogic(file: string): boolean {
  const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const isLogic = (node: ts.Node) =>
    ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node) || ts.isClassDeclaration(node);
  const visit = (node: ts.Node): boolean => isLogic(node) || (ts.forEachChild(node, visit) ?? false);
  return visit(tree);
}

const srcFiles = typeScriptFiles('src');
const allTestFiles = typeScriptFiles('test');
const tests = allTestFiles.filter((file) => file.endsWith('.test.ts'));
const graph = new Map([...srcFiles, ...allTestFiles].map((file) => [file, dependencies(file)]));

function reachableFrom(starts: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...(graph.get(file) ?? []));
  }
  return seen;
}

// A test that runs the CLI in a child process reaches whatever src/cli.ts reaches.
const throughCli = reachableFrom(['src/cli.ts']);
const runsCli = (test: string) => [...reachableFrom([test])].some((file) => /^test\/(support\/run-cli|bot\/cli-process)\.ts$/.test(file)) || readFileSync(test, 'utf8').includes("'src/cli.ts'");
const reaches = new Map(tests.map((test) => [test, new Set([...reachableFrom(graph.get(test)!), ...(runsCli(test) ? throughCli : [])])]));

const text = new Map(tests.map((test) => [test, readFileSync(test, 'utf8').toLowerCase()]));
/** How often a test names the file (its base name, with or without hyphens). */
function mentions(test: string, file: string): number {
  const base = file.split('/').at(-1)!.replace(/\.ts$/, '').toLowerCase();
  return [base, base.replaceAll('-', ' ')].reduce((count, word) => count + text.get(test)!.split(word).length - 1, 0);
}

const mirrored = (file: string) => ['.test.ts', '.e2e.test.ts'].some((suffix) => existsSync(`test/${file.slice('src/'.length, -'.ts'.length)}${suffix}`));
const named = (list: string[]) => list.slice(0, 3).map((test) => `\`${test.slice('test/'.length)}\``).join(', ');

for (const file of srcFiles.filter((f) => !mirrored(f) && hasLogic(f))) {
  const importing = tests.filter((test) => graph.get(test)!.includes(file));
  const running = tests.filter((test) => !importing.includes(test) && reaches.get(test)!.has(file));
  const naming = running.filter((test) => mentions(test, file) > 0).sort((a, b) => mentions(b, file) - mentions(a, file));
  const runBy = naming.length > 0 ? named(naming) : importing.length > 0 ? '' : running.length > 0 ? `only inside tests that never name it, e.g. ${named(running.slice(0, 1))}` : '**no test reaches it**';
  console.log(`| \`${file.slice('src/'.length)}\` | ${named(importing) || '—'} | ${runBy} |`);
}
