import type { CorpusIndex } from '../index/corpus-index.ts';
import { defaultSettings, type OverviewSettings } from '../settings.ts';
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
export function corpusOverview(index: CorpusIndex, speakers: SpeakerDirectory, options: OverviewSettings = defaultSettings.overview): CorpusOverview {
  const people = listSpeakers(speakers).slice(0, options.people).map((s) => s.name);
  const nameTokens = new Set(speakers.speakers.flatMap((s) => [...s.tokens]));
  // Counted by stem ("الصين" and "والصين" are one topic), shown as most often written.
  const files = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  const spellings = new Map<string, Map<string, number>>();
  for (const passage of index.passages) {
    for (const written of passage.text.match(/[\p{L}\p{M}]+/gu) ?? []) {
      const token = normalizeText(written);
      if (token.length < 4 || !isArabicToken(token) || isStopword(token) || nameTokens.has(token)) continue;
      const stem = stemToken(token);
      counts.set(stem, (counts.get(stem) ?? 0) + 1);
      files.set(stem, (files.get(stem) ?? new Set()).add(passage.file));
      const forms = spellings.get(stem) ?? new Map<string, number>();
      spellings.set(stem, forms.set(written, (forms.get(written) ?? 0) + 1));
    }
  }
  const topics = [...counts.keys()]
    .sort((a, b) => files.get(b)!.size - files.get(a)!.size || counts.get(b)! - counts.get(a)! || a.localeCompare(b))
    .slice(0, options.topics)
    .map((stem) => [...spellings.get(stem)!].sort((x, y) => y[1] - x[1])[0]![0]);
  return { people, topics };
}

export function describeOverview(overview: CorpusOverview): string {
  const parts = [];
  if (overview.people.length) parts.push(`people quoted: ${overview.people.join('، ')}`);
  if (overview.topics.length) parts.push(`frequent words: ${overview.topics.join('، ')}`);
  return parts.length ? `The articles cover ${parts.join('; ')}.` : '';
}
