/**
 * What a user who picked MiniSearch instead would run to index a corpus folder, as a whole
 * process: read every .txt file, one document per non-empty line (our passages), index, save the
 * index as JSON. `node --import tsx bench/minisearch-index-main.ts CORPUS_DIR OUT_FILE`
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';

const [corpusDir, outFile] = process.argv.slice(2) as [string, string];
const search = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], storeFields: ['text'] });
for (const file of (await readdir(corpusDir)).filter((name) => name.endsWith('.txt')).sort()) {
  const lines = (await readFile(path.join(corpusDir, file), 'utf8')).split(/\r?\n/);
  search.addAll(lines.flatMap((line, i) => (line.trim() ? [{ id: `${file}#L${i + 1}`, text: line.trim() }] : [])));
}
await writeFile(outFile, JSON.stringify(search));
process.stdout.write(JSON.stringify({ documents: search.documentCount }) + '\n');
