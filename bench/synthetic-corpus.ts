import { createHash } from 'node:crypto';
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


/** The sentences of at least five words of every .txt article in `sourceDir`, in file order. */
export async function readSourceSentences(sourceDir: string): Promise<string[]> {
  const sentences: string[] = [];
  for (const file of (await readdir(sourceDir)).filter((f) => f.endsWith('.txt')).sort()) {
    const text = await readFile(path.join(sourceDir, file), 'utf8');
    for (const line of text.split(/\r?\n/)) {
      for (const span of splitSentences(line)) {
        const sentence = line.slice(span.start, span.end).trim();
        if (sentence.split(/\s+/).length >= 5) sentences.push(sentence);
      }
    }
  }
  return sentences;
}

/**
 * Endless unique paragraphs of `perPassage` sentences drawn at random (seeded) from `sentences`.
 * Uniqueness is kept by a digest of each paragraph, not the paragraph itself, so a million of
 * them can be streamed without holding their text.
 */
export function* recombinedPassages(sentences: string[], perPassage: number, seed: number): Generator<string> {
  if (sentences.length < perPassage * 2) throw new Error('synthetic corpus: too few sentences to recombine');
  const random = mulberry32(seed);
  const seen = new Set<string>();
  for (;;) {
    const passage = Array.from({ length: perPassage }, () => sentences[Math.floor(random() * sentences.length)]!).join(' ');
    const digest = createHash('sha1').update(passage).digest('base64');
    if (seen.has(digest)) continue;
    seen.add(digest);
    yield passage;
  }
}

/**
 * A corpus of `passages` unique paragraphs made by recombining real Arabic sentences, so that
 * indexing and search run on realistic text at sizes the real corpora do not reach. Each
 * paragraph is one line; a passage is never repeated (checked), so nothing is deduplicated away.
 */
export async function generateSyntheticCorpus(options: SyntheticCorpusOptions): Promise<{ files: number; passages: number }> {
  const perFile = options.passagesPerFile ?? 100;
  const sentences = await readSourceSentences(options.sourceDir);
  if (sentences.length < (options.sentencesPerPassage ?? 3) * 2) throw new Error(`synthetic corpus: too few sentences in ${options.sourceDir}`);
  const generated = recombinedPassages(sentences, options.sentencesPerPassage ?? 3, options.seed ?? 1);

  await rm(options.targetDir, { recursive: true, force: true });
  await mkdir(options.targetDir, { recursive: true });
  let lines: string[] = [];
  let files = 0;
  for (let count = 1; count <= options.passages; count++) {
    lines.push(generated.next().value!);
    if (lines.length === perFile || count === options.passages) {
      await writeFile(path.join(options.targetDir, `synthetic-${String(files).padStart(5, '0')}.txt`), lines.join('\n\n') + '\n');
      files++;
      lines = [];
    }
  }
  return { files, passages: options.passages };
}
