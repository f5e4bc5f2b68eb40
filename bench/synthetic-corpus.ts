import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitSentences } from '../src/text/sentences.ts';
import { mulberry32 } from '../src/util/seeded-random.ts';

export interface SyntheticCorpusOptions {
  /** Folder of real Arabic articles whose sentences are recombined. */
  sourceDir: string;
  targetDir: string;
  passages: number;
  /** Passages per generated file. @default 100 */
  passagesPerFile?: number;
  /** Sentences per passage. @default 3 */
  sentencesPerPassage?: number;
  /** @default 1 */
  seed?: number;
}


/**
 * A corpus of `passages` unique paragraphs made by recombining real Arabic sentences, so that
 * indexing and search run on realistic text at sizes the real corpora do not reach. Each
 * paragraph is one line; a passage is never repeated (checked), so nothing is deduplicated away.
 */
export async function generateSyntheticCorpus(options: SyntheticCorpusOptions): Promise<{ files: number; passages: number }> {
  const perFile = options.passagesPerFile ?? 100;
  const perPassage = options.sentencesPerPassage ?? 3;
  const random = mulberry32(options.seed ?? 1);
  const sentences: string[] = [];
  for (const file of (await readdir(options.sourceDir)).filter((f) => f.endsWith('.txt')).sort()) {
    const text = await readFile(path.join(options.sourceDir, file), 'utf8');
    for (const line of text.split(/\r?\n/)) {
      for (const span of splitSentences(line)) {
        const sentence = line.slice(span.start, span.end).trim();
        if (sentence.split(/\s+/).length >= 5) sentences.push(sentence);
      }
    }
  }
  if (sentences.length < perPassage * 2) throw new Error(`synthetic corpus: too few sentences in ${options.sourceDir}`);

  await rm(options.targetDir, { recursive: true, force: true });
  await mkdir(options.targetDir, { recursive: true });
  const seen = new Set<string>();
  let lines: string[] = [];
  let files = 0;
  while (seen.size < options.passages) {
    const passage = Array.from({ length: perPassage }, () => sentences[Math.floor(random() * sentences.length)]!).join(' ');
    if (seen.has(passage)) continue;
    seen.add(passage);
    lines.push(passage);
    if (lines.length === perFile || seen.size === options.passages) {
      await writeFile(path.join(options.targetDir, `synthetic-${String(files).padStart(5, '0')}.txt`), lines.join('\n\n') + '\n');
      files++;
      lines = [];
    }
  }
  return { files, passages: seen.size };
}
