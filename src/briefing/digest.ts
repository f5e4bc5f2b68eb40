import type { ArticleMetadata } from '../corpus/front-matter.ts';
import type { CorpusReader } from '../corpora/corpus-reader.ts';
import type { PassageEnglish } from '../search/answer.ts';
import type { Settings } from '../settings.ts';
import { keyFigures, type Figure } from './figures.ts';

/** What a digest reads from the engine: its public API only. */
export type DigestEngine = Pick<CorpusReader, 'ask' | 'speakers' | 'quotes' | 'stats' | 'index' | 'inEnglish' | 'typeableName' | 'gloss' | 'englishFigure'> & {
  /** The running settings: how much a digest shows (settings.digest). */
  readonly settings: Pick<Settings, 'digest'>;
};

export interface DigestQuote {
  /** The attributed sentence(s), verbatim. */
  text: string;
  /** Their English (gloss or machine translation). */
  english?: PassageEnglish;
  file: string;
  lineStart: number;
  lineEnd: number;
}

/** A key figure with its English: "$123 billion", and the gloss of its sentence. */
export interface DigestFigure extends Figure {
  /** The figure in English ("$123 billion", "90 percent", "31 percent, $123 billion"). */
  english: string;
  /** A word-by-word gloss of the sentence it comes from. */
  sentenceEnglish: PassageEnglish;
}

export interface DigestSpeaker {
  /** As the articles write it. */
  name: string;
  /** In Latin script ("Vladimir Putin"). */
  latin: string;
  /** What an English reader types to see all their quotes: `/quote <typeable>`. */
  typeable: string;
  quotes: DigestQuote[];
  /** Passages quoting them in scope (more than `quotes` shows when capped). */
  total: number;
}

export interface DigestSource {
  file: string;
  title?: string;
  /** Title, link, outlet and date of a saved article. */
  article?: ArticleMetadata;
  passages: number;
  indexedAt: string;
  firstIndexedAt: string;
  /** First indexed after the previous briefing (a changed article is not new). */
  isNew: boolean;
}

export interface Digest {
  topic?: string;
  generatedAt: string;
  /** The previous briefing's time: sources indexed after it are marked new. */
  since: string | null;
  /** Set when a topic was given and nothing in the articles matches it. */
  nothingFound?: string;
  speakers: DigestSpeaker[];
  figures: DigestFigure[];
  sources: DigestSource[];
}

export interface DigestOptions {
  topic?: string;
  since?: Date | null;
  now?: Date;
}

/**
 * An extractive digest of the corpus (or of the passages about a topic): who said what, key
 * figures with the sentence they come from, and the sources. Every text in it is copied
 * verbatim from an article, with its file and lines.
 */
export async function buildDigest(engine: DigestEngine, options: DigestOptions = {}): Promise<Digest> {
  const { maxSpeakers, quotesPerSpeaker, maxFigures, topicPassages } = engine.settings.digest;
  const since = options.since ?? null;
  const base = { generatedAt: (options.now ?? new Date()).toISOString(), since: since?.toISOString() ?? null, ...(options.topic ? { topic: options.topic } : {}) };
  let scope: Set<string> | null = null;
  if (options.topic) {
    const answer = await engine.ask(options.topic, { k: topicPassages });
    if (answer.abstained) return { ...base, nothingFound: answer.why, speakers: [], figures: [], sources: [] };
    scope = new Set(answer.passages.map((p) => p.id));
  }
  const inScope = (id: string): boolean => scope === null || scope.has(id);

  const speakers: DigestSpeaker[] = [];
  const shownQuotes = new Set<string>();
  for (const { name, latin } of engine.speakers()) {
    if (speakers.length >= maxSpeakers) break;
    const passages = engine.quotes(name).passages.filter((p) => inScope(p.id));
    const quotes: (DigestQuote & { passage: (typeof passages)[number] })[] = [];
    for (const passage of passages) {
      const text = passage.quotes.map((q) => passage.text.slice(q.start, q.end).trim()).join(' … ');
      // One statement can be attributed to two spellings of a name: list it once.
      if (!text || shownQuotes.has(`${passage.id}|${text}`)) continue;
      shownQuotes.add(`${passage.id}|${text}`);
      quotes.push({ text, file: passage.file, lineStart: passage.lineStart, lineEnd: passage.lineEnd, passage });
    }
    if (quotes.length === 0) continue;
    const shown = quotes.slice(0, quotesPerSpeaker);
    const english = await engine.inEnglish(shown.map((quote) => quote.passage));
    speakers.push({
      name,
      latin,
      typeable: engine.typeableName(name),
      quotes: shown.map(({ passage: _passage, ...quote }, i) => ({ ...quote, ...(english[i]?.english ? { english: english[i].english } : {}) })),
      total: quotes.length,
    });
  }

  const passages = engine.index.passages.filter((p) => inScope(p.id) && !p.isTitle);
  const figures = keyFigures(passages, maxFigures).map((figure) => ({
    ...figure,
    english: figure.figure.split(', ').map((part) => engine.englishFigure(part)).join(', '),
    sentenceEnglish: { kind: 'gloss' as const, text: engine.gloss(figure.sentence) },
  }));
  const files = new Set(engine.index.passages.filter((p) => inScope(p.id)).map((p) => p.file));
  const sources = engine
    .stats()
    .files.filter((f) => files.has(f.file))
    .map((f) => ({ ...f, isNew: since !== null && Date.parse(f.firstIndexedAt) > since.getTime() }));
  return { ...base, speakers, figures, sources };
}
