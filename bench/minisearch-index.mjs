// What a user who picked MiniSearch would write to index a folder of articles, as a whole
// process: plain JavaScript run with `node`, read every .txt file, one document per non-empty
// line (our passages), index, save the index as JSON (with the text, to show answers later).
//   node bench/minisearch-index.mjs CORPUS_DIR OUT_FILE
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';

const [corpusDir, outFile] = process.argv.slice(2);
const search = new MiniSearch({ fields: ['text'], storeFields: ['text'] });
for (const file of (await readdir(corpusDir)).filter((name) => name.endsWith('.txt')).sort()) {
  const lines = (await readFile(path.join(corpusDir, file), 'utf8')).split(/\r?\n/);
  search.addAll(lines.flatMap((line, i) => (line.trim() ? [{ id: `${file}:${i + 1}`, text: line.trim() }] : [])));
}
await writeFile(outFile, JSON.stringify(search));
