import type { CorpusIndex } from '../index/corpus-index.ts';
import type { OverviewSettings } from '../settings.ts';
import { isArabicToken, normalizeText } from '../text/normalize.ts';
import { isStopword, stemToken } from '../text/terms.ts';
import type { SpeakerDirectory } from './speakers/attribution.ts';
import { listSpeakers } from './speakers/speaker-lookup.ts';

export interface CorpusOverview {
  /** Most quoted people, as written in the articles. */
  people: string[];
  /** Words that many articles share: what the corpus is about. */
  topics: string[];
}


/**
 * What the corpus covers, for "nothing answers that" replies: its most quoted people, and the
 * content words found in the most articles (ties broken by frequency), as written.
 */
export function corpusOverview(index: CorpusIndex, speakers: SpeakerDirectory, options: OverviewSettings): CorpusOverview {
  const people = listSpeakers(speakers).slice(0, options.people).map((s) => s.name);
  const nameTokens = new Set(speakers.speakers.flatMap((s) => [...s.tokens]));
  // Counted by stem ("الصين" and "والصين" are one topic), shown as most often written: one small
  // record per stem and one per written form while this counts (a 100k-passage corpus has a few
  // hundred thousand of each: tens of MB for the moment of the count, none kept).
  const stems = new Map<string, { files: number; count: number; lastFile: string }>();
  // Each written form is normalised and stemmed once, not at each of its occurrences: a corpus
  // writes far fewer forms than words (the 20k bench corpus: 13k for 1.7 million), and
  // normalising was most of the overview's time. Each form's own count is kept too, in the order
  // the forms first appear, so the topics' spellings need no second pass over the text. stem
  // null: not a content word.
  const forms = new Map<string, { stem: string | null; count: number }>();
  for (const passage of index.passages) {
    for (const written of passage.text.match(/[\p{L}\p{M}]+/gu) ?? []) {
      let form = forms.get(written);
      if (!form) {
        const token = normalizeText(written);
        const content = !(token.length < 4 || !isArabicToken(token) || isStopword(token) || nameTokens.has(token));
        forms.set(written, (form = { stem: content ? stemToken(token) : null, count: 0 }));
      }
      if (form.stem === null) continue;
      form.count++;
      const counted = stems.get(form.stem);
      if (!counted) {
        stems.set(form.stem, { files: 1, count: 1, lastFile: passage.file });
        continue;
      }
      counted.count++;
      // A file's passages are consecutive: a new file shows as a change of file.
      if (counted.lastFile !== passage.file) {
        counted.files++;
        counted.lastFile = passage.file;
      }
    }
  }
  const chosen = [...stems]
    .sort(([a, x], [b, y]) => y.files - x.files || y.count - x.count || a.localeCompare(b))
    .slice(0, options.topics)
    .map(([stem]) => stem);
  // Each chosen stem as most often written; between equally frequent spellings, the one met first.
  const spelling = new Map<string, { written: string; count: number }>(chosen.map((stem) => [stem, { written: '', count: 0 }]));
  for (const [written, { stem, count }] of forms) {
    const best = stem === null ? undefined : spelling.get(stem);
    if (best && count > best.count) Object.assign(best, { written, count });
  }
  const topics = chosen.map((stem) => spelling.get(stem)!.written);
  return { people, topics };
}

/**
 * The overview as one sentence. `describe` shows a name or word as a reader who does not read
 * Arabic needs it ("Vladimir Putin (فلاديمير بوتين)"). @default each as written
 */
export function describeOverview(overview: CorpusOverview, describe: { name: (name: string) => string; word: (word: string) => string } = { name: (n) => n, word: (w) => w }): string {
  const parts = [];
  if (overview.people.length) parts.push(`people quoted: ${overview.people.map(describe.name).join('; ')}`);
  if (overview.topics.length) parts.push(`frequent words: ${overview.topics.map(describe.word).join('; ')}`);
  return parts.length ? `The articles cover ${parts.join('; ')}.` : '';
}
