/**
 * Which English to show for one Arabic word, or none. The dictionary read backwards gives, for
 * each way of reading the word (with or without its clitics and endings: readingsOf in gloss.ts),
 * the English headwords whose translation it is; most Arabic words have several, and FreeDict
 * lists a headword's senses one per entry, so the choice is ours:
 * - each headword's base score (reverse-dictionary.ts): how common the English word is, less
 *   what its other translations and its place in the entry take away;
 * - less what the reading cost: the word as written beats it without ال, which beats it without
 *   an ending, which beats a guess by stem;
 * - the English word's class against the Arabic's place: an adjective agreeing with the noun
 *   before it ("التفاعلات الشخصية") is "personal", not "personality"; a noun with ال is not an
 *   adverb or a past participle ("الوضع" is not "putting");
 * - forms of one English word pooled ("trade", "trades", "trading" all give التجارة).
 * The winner is shown only when it is common enough and holds most of the weight (or, with the
 * runner-up, two senses together do: "policy/politics"): a gloss is absent rather than wrong,
 * and a wrong word misleads a reader who cannot check it.
 */
import type { ReverseDictionary } from './reverse-dictionary.ts';

/** One way of reading a word: the normalised form looked up, and the English of what came off it. */
export interface Reading {
  form: string;
  /** English of the clitics taken off, in order ("and", "for", "his"). */
  prefix: string[];
  /** Log-odds taken off for reading the word this way. */
  cost: number;
  /** Proclitics taken off (ال not counted). */
  clitics: number;
  /** A pronoun ending was taken off: the word is a noun ("our municipal" is no reading of بلدينا). */
  noun?: boolean;
}

/** What the sentence says about the word's class. */
export interface WordContext {
  /**
   * The word ends in ا, as Arabic adverbs do (accusative: "أساسا" is "basically", "أساس" is
   * "basis"). An English -ly word glosses no other.
   */
  adverbial?: boolean;
  /** A ة- or ي-final word right after a noun of the same definiteness: an adjective agreeing with it. */
  adjective: boolean;
  /** The word carries the article ال. */
  definite: boolean;
}

export interface SenseSettings {
  /**
   * Lowest score shown (log-odds: log(1 + SUBTLEX count), less costs). Below it the English
   * word is too rare or too far-fetched for the Arabic: "semper", "materializing", "sys".
   * @default 3.5
   */
  minScore: number;
  /**
   * Lowest share of the weight of every English candidate the winner must hold: below it the
   * word is ambiguous and any choice is a guess (الرئيس: head, boss, chief, president, …).
   * @default 0.5
   */
  minShare: number;
}

export const DEFAULT_SENSE_SETTINGS: SenseSettings = { minScore: 3, minShare: 0.85 };

export interface SenseChoice {
  /** English as shown, the clitics' English first: "and for journalists". */
  english: string;
  score: number;
  share: number;
}

/** Log-odds for an English word of the wrong class in this place. */
const CLASS_MISMATCH_COST = 2;
/** Log-odds for a verb's -ing form where Arabic has a noun with ال. */
const GERUND_COST = 1.5;
/** Log-odds for an adjective-shaped English word where Arabic has an agreeing adjective. */
const ADJECTIVE_BONUS = 1;

type EnglishClass = 'adjective' | 'noun' | 'adverb' | 'past' | 'gerund' | 'other';

/** The class an English word's ending suggests (one word; phrases are 'other'). */
export function englishClass(english: string): EnglishClass {
  if (english.includes(' ')) return 'other';
  const word = english.toLowerCase();
  if (word.length < 5) return 'other';
  if (/ly$/.test(word)) return 'adverb';
  if (/(ism|ity|ness|ist|ists|ship|hood|ment|tion|sion|ance|ence|ers?|ors?|ure)$/.test(word)) return 'noun';
  if (/(al|ic|ical|ary|ive|ian|ese|ish|ous|ful|ent|ant|ible|able|less)$/.test(word)) return 'adjective';
  if (/ed$/.test(word)) return 'past';
  if (/ing$/.test(word)) return 'gerund';
  return 'other';
}

function classFit(english: string, context: WordContext, noun: boolean): number {
  const kind = englishClass(english);
  // Never: an Arabic adverb is accusative and ends in ا.
  if (kind === 'adverb' && context.adverbial === false) return Number.NEGATIVE_INFINITY;
  if (noun) return kind === 'adjective' || kind === 'adverb' || kind === 'past' ? -CLASS_MISMATCH_COST : 0;
  if (context.adjective) {
    if (kind === 'adjective') return ADJECTIVE_BONUS;
    if (kind === 'noun' || kind === 'adverb') return -CLASS_MISMATCH_COST;
    if (kind === 'gerund') return -CLASS_MISMATCH_COST / 2;
    return 0;
  }
  if (context.definite && (kind === 'adverb' || kind === 'past')) return -CLASS_MISMATCH_COST;
  // "the putting", "the growing": a verb's -ing form is rarely what a definite noun means.
  if (context.definite && kind === 'gerund') return -GERUND_COST;
  return 0;
}

/**
 * The English of a word read in these ways, or undefined when no reading gives a sense confident
 * enough (SenseSettings).
 */
export function chooseSense(
  readings: readonly Reading[],
  context: WordContext,
  dictionary: ReverseDictionary,
  settings: SenseSettings = DEFAULT_SENSE_SETTINGS,
): SenseChoice | undefined {
  // Best reading per English word (lower-cased). `score` ranks readings; `fit` is the sense's own
  // score in this place, without what the reading cost, and is what the threshold judges.
  const byWord = new Map<string, Candidate>();
  for (const reading of readings) {
    for (const sense of dictionary.scoredSenses(reading.form)) {
      // A form the dictionary lists with ال is a noun or an adjective, whatever the word carried.
      const place = reading.form.startsWith('ال') ? { ...context, definite: true } : context;
      const fit = sense.score + classFit(sense.english, place, reading.noun === true);
      const score = fit - reading.cost;
      const key = sense.english.toLowerCase();
      const known = byWord.get(key);
      if (known && known.score >= score) continue;
      byWord.set(key, { english: [...reading.prefix, dictionary.display(sense.english, reading.form)].join(' '), score, fit });
    }
  }
  if (byWord.size === 0) return undefined;
  const families = familiesOf(byWord);
  const total = families.reduce((sum, family) => sum + family.weight, 0);
  const [first, second] = families;
  const share = first!.weight / total;
  const score = first!.best.fit;
  if (score < settings.minScore) return undefined;
  if (share >= settings.minShare) return { english: first!.best.english, score, share };
  // Two senses that together hold the weight are both shown, as a dictionary would: "policy/politics".
  if (second && second.best.fit >= settings.minScore && share + second.weight / total >= settings.minShare && second.weight / total >= MIN_SECOND_SHARE) {
    return { english: `${first!.best.english}/${bareWord(second.best.english, first!.best.english)}`, score, share: share + second.weight / total };
  }
  return undefined;
}

/** Least share of the weight a second sense needs to be shown beside the first. */
const MIN_SECOND_SHARE = 0.25;

/** The second sense without the clitics' English the first already shows ("and policy/politics"). */
function bareWord(second: string, first: string): string {
  const a = first.split(' ');
  const b = second.split(' ');
  let same = 0;
  while (same < a.length - 1 && same < b.length - 1 && a[same] === b[same]) same++;
  return b.slice(same).join(' ');
}

interface Family {
  best: Candidate;
  weight: number;
}

/**
 * Candidates that are forms of one English word pooled, heaviest family first: words sharing a
 * beginning of five letters or more that is most of the shorter one ("cooperation",
 * "cooperating"; "adviser", "advisor"), or the whole of a shorter one ("head", "headed").
 */
function familiesOf(byWord: Map<string, Candidate>): Family[] {
  const words = [...byWord.keys()];
  const parent = words.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      if (related(words[i]!, words[j]!)) parent[root(i)] = root(j);
    }
  }
  const families = new Map<number, Family>();
  words.forEach((word, i) => {
    const candidate = byWord.get(word)!;
    const family = families.get(root(i));
    if (!family) families.set(root(i), { best: candidate, weight: Math.exp(candidate.score) });
    else {
      family.weight += Math.exp(candidate.score);
      if (candidate.score > family.best.score || (candidate.score === family.best.score && candidate.english < family.best.english)) family.best = candidate;
    }
  });
  return [...families.values()].sort((a, b) => b.weight - a.weight || (a.best.english < b.best.english ? -1 : 1));
}

function related(a: string, b: string): boolean {
  if (a.includes(' ') || b.includes(' ')) return false;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const shorter = Math.min(a.length, b.length);
  return common === shorter || (common >= 5 && common >= 0.6 * shorter);
}

interface Candidate {
  english: string;
  score: number;
  fit: number;
}
