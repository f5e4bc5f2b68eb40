/**
 * The gloss evaluation run as the product runs it: the labelled sentences of
 * test/fixtures/gloss-eval/ glossed by a CorpusEnglish over their corpus (seeds/ for the tuning
 * sample; a corpus of the labelled sentences themselves for the XQuAD sample), so names come from
 * the corpus's quoted speakers exactly as in an answer. With FreeDict (`real`) or without it (names
 * and numbers only); with the English word list where it is installed (names' spellings).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusEnglish } from '../../src/english/corpus-english.ts';
import { parseGlossLabels, scoreGloss, type GlossScore, type LabelledSentence } from '../../src/english/gloss-evaluation.ts';
import { ReverseDictionary } from '../../src/english/reverse-dictionary.ts';
import { loadWordList } from '../../src/english/word-list.ts';
import { buildIndex } from '../../src/index/build-index.ts';
import { attributeQuotes } from '../../src/search/speakers/attribution.ts';
import { loadDictionary } from '../../src/text/dictionary.ts';
import { REAL_DICTIONARY_PATH } from './fixture-dictionary.ts';
import { REAL_WORD_LIST_PATH } from './fixture-word-list.ts';
import { defaultSettings } from '../../src/settings.ts';

export const GLOSS_SAMPLES = {
  /** Quoted sentences of seeds/: what the gloss was tuned on. */
  tuning: { labels: 'test/fixtures/gloss-eval/seeds-tuning.txt', corpus: 'seeds' },
  /** Arabic Wikipedia (XQuAD): never tuned on. */
  test: { labels: 'test/fixtures/gloss-eval/xquad-test.txt', corpus: null },
} as const;

export async function readGlossSample(sample: keyof typeof GLOSS_SAMPLES): Promise<LabelledSentence[]> {
  const parsed = parseGlossLabels(await readFile(GLOSS_SAMPLES[sample].labels, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.sentences;
}

/** Scores the gloss on one sample, with FreeDict (`real`) or without it. */
export async function scoreGlossSample(sample: keyof typeof GLOSS_SAMPLES, dictionary: 'real' | 'none'): Promise<GlossScore> {
  const sentences = await readGlossSample(sample);
  const scratch = await mkdtemp(join(tmpdir(), 'gloss-eval-'));
  try {
    let corpusDir: string = GLOSS_SAMPLES[sample].corpus ?? '';
    if (!corpusDir) {
      // The labelled sentences as a corpus of their own: one article per source.
      corpusDir = join(scratch, 'corpus');
      await mkdir(corpusDir);
      const bySource = new Map<string, string[]>();
      for (const sentence of sentences) bySource.set(sentence.source, [...(bySource.get(sentence.source) ?? []), sentence.text]);
      for (const [source, texts] of bySource) await writeFile(join(corpusDir, `${source.replace(/[^\w.-]+/g, '_')}.txt`), `${texts.join('\n\n')}\n`);
    }
    const { index } = await buildIndex({ settings: defaultSettings, corpusDir, indexDir: join(scratch, 'index'), embedder: null, previous: null });
    const speakers = attributeQuotes(index.passages);
    const loaded = dictionary === 'real' ? loadDictionary(REAL_DICTIONARY_PATH) : undefined;
    if (loaded && !loaded.ok) throw new Error(loaded.reason);
    const wordList = loadWordList(REAL_WORD_LIST_PATH);
    const words = wordList.ok ? wordList.wordList : null;
    const reverse = loaded?.ok ? ReverseDictionary.build(loaded.dictionary, words) : null;
    const english = new CorpusEnglish(index, () => speakers, { reverseDictionary: () => reverse, wordList: words, translator: async () => null });
    return scoreGloss(sentences, (text) => english.glossParts(text));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
