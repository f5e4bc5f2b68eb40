// What a user who picked MiniSearch would write to answer a file of questions, as a whole
// process: plain JavaScript run with `node`, read every .txt file, one document per non-empty
// line, index, then the ten best lines for each question, one JSON line each.
//   node bench/minisearch-ask.mjs CORPUS_DIR QUESTIONS.json
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';

const [corpusDir, questionsFile] = process.argv.slice(2);
const search = new MiniSearch({ fields: ['text'], storeFields: ['text'] });
for (const file of (await readdir(corpusDir)).filter((name) => name.endsWith('.txt')).sort()) {
  const lines = (await readFile(path.join(corpusDir, file), 'utf8')).split(/\r?\n/);
  search.addAll(lines.flatMap((line, i) => (line.trim() ? [{ id: `${file}:${i + 1}`, text: line.trim() }] : [])));
}
const { questions } = JSON.parse(await readFile(questionsFile, 'utf8'));
for (const question of questions) {
  const passages = search.search(question.q).slice(0, 10).map((hit) => ({ id: hit.id, text: hit.text, score: hit.score }));
  process.stdout.write(`${JSON.stringify({ id: question.id, passages })}\n`);
}
