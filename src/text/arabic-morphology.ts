/**
 * Arabic proclitics: the one table of the particles written joined to the front of a word
 * ("و" and, "ب" by, "ال" the, …), the ways they combine, and the functions that take them off.
 * Every part of the program that strips a prefix reads this table; a caller that must not strip
 * some combinations names a subset of it below, with the reason.
 *
 * Input is normalised text (see `normalize.ts`).
 */

export type ProcliticSlot = 'conjunction' | 'particle' | 'article';

export interface Proclitic {
  letters: string;
  /** Proclitics stack in slot order: conjunction, then particle, then article (و + ب + ال). */
  slot: ProcliticSlot;
  english: string;
}

/** Every proclitic, outermost slot first. */
export const PROCLITICS: readonly Proclitic[] = [
  { letters: 'و', slot: 'conjunction', english: 'and' },
  { letters: 'ف', slot: 'conjunction', english: 'so' },
  { letters: 'ب', slot: 'particle', english: 'by' },
  { letters: 'ل', slot: 'particle', english: 'for' },
  { letters: 'ك', slot: 'particle', english: 'like' },
  // The future particle, on verbs only.
  { letters: 'س', slot: 'particle', english: 'will' },
  { letters: 'ال', slot: 'article', english: 'the' },
];

/** One way a word may begin with proclitics: at most one of each slot, in slot order. */
export interface ProcliticPrefix {
  /** As written: ل before ال drops the alef (ل + ال = لل). */
  written: string;
  conjunction: Proclitic | undefined;
  particle: Proclitic | undefined;
  article: boolean;
  /** How many proclitics (ال included). */
  count: number;
}

const inSlot = (slot: ProcliticSlot) => PROCLITICS.filter((p) => p.slot === slot);
const ARTICLE = inSlot('article')[0]!;

/**
 * Every combination of the table, conjunction outermost, in table order: و, وب, وال, … The
 * empty prefix is left out.
 */
export const PROCLITIC_PREFIXES: readonly ProcliticPrefix[] = (() => {
  const out: ProcliticPrefix[] = [];
  for (const conjunction of [undefined, ...inSlot('conjunction')]) {
    for (const particle of [undefined, ...inSlot('particle')]) {
      for (const article of [false, true]) {
        const particleLetters = particle?.letters ?? '';
        const written =
          (conjunction?.letters ?? '') + (particleLetters === 'ل' && article ? 'لل' : particleLetters + (article ? ARTICLE.letters : ''));
        if (written === '') continue;
        out.push({ written, conjunction, particle, article, count: Number(conjunction !== undefined) + Number(particle !== undefined) + Number(article) });
      }
    }
  }
  return out;
})();

/** A subset of `PROCLITIC_PREFIXES`, longest written form first (so the first match is the longest). */
function subset(keep: (prefix: ProcliticPrefix) => boolean): readonly ProcliticPrefix[] {
  return PROCLITIC_PREFIXES.filter(keep).sort((a, b) => b.written.length - a.written.length);
}

const isFuture = (prefix: ProcliticPrefix) => prefix.particle?.letters === 'س';
const particleIn = (prefix: ProcliticPrefix, letters: string) => prefix.particle === undefined || letters.includes(prefix.particle.letters);

// The named subsets. Each says why its callers may not strip every combination.

/** Everything a noun may carry: the future س goes on verbs only. */
export const NOUN_PREFIXES = subset((p) => !isFuture(p));

/** Everything, the future س included: for glossing any word of a passage. */
export const ALL_PREFIXES = subset(() => true);

/**
 * The conjunctions alone (و، ف). Both begin many words themselves (وزير، فرنسا): callers take
 * them off only words long enough to keep three letters.
 */
export const CONJUNCTIONS = subset((p) => p.conjunction !== undefined && p.particle === undefined && !p.article);

/**
 * One conjunction or particle alone (و ف ب ل ك), never the article or the future س: what a
 * function word carries when the dictionary gives it as a translation ("لكل", for each; "وهذا").
 */
export const ONE_PARTICLE = subset((p) => p.count === 1 && !p.article && !isFuture(p));

/** The article alone. */
export const ARTICLE_ONLY = subset((p) => p.article && p.count === 1);

/**
 * The conjunction و alone: the one that coordinates ("بوتين وشي"); ف ("so") does not join names.
 */
export const AND = subset((p) => p.conjunction?.letters === 'و' && p.particle === undefined && !p.article);

/**
 * The article with at most one proclitic before it (ال، وال، فال، بال، كال، لل), as light
 * stemming (Larkey's Light10) takes it off; a conjunction before that is stripped on its own.
 */
export const ARTICLE_WITH_ONE_PROCLITIC = subset((p) => p.article && p.count <= 2 && !isFuture(p));

/**
 * The article on a title or role word (الرئيس، والرئيس، بالرئيس، للرئيس). Not فال or كال: these
 * begin transliterated names (فالنتينا، فاليري، كالفن) that stand where titles do.
 */
export const TITLE_ARTICLE = subset((p) => p.article && p.count <= 2 && particleIn(p, 'بل') && p.conjunction?.letters !== 'ف');

/**
 * What a name word in a question may carry (وبوتين، لبوتين، فبوتين، وليوري): a conjunction and or
 * a preposition ب or ل, never the article (names are written bare). Not ك, which begins names
 * itself (كيم، كارلوس), nor ف before a preposition: فل begins فلاديمير.
 */
export const NAME_PREFIXES = subset(
  (p) => !p.article && !isFuture(p) && particleIn(p, 'بل') && !(p.conjunction?.letters === 'ف' && p.particle !== undefined),
);

/**
 * What a word written in full as a name may carry in running text (وبوتين، والكرملين، لبوتين):
 * a noun's proclitics but ك ("like"), which seldom comes before a name and begins many (كيم،
 * كارل): كبيرة is the word big, not ك + a name بير.
 */
export const NAME_IN_TEXT_PREFIXES = subset((p) => !isFuture(p) && p.particle?.letters !== 'ك');

/**
 * What a name in a passage may carry when it is glossed (والكرملين، لبوتين، كبوتين، للصين): the
 * question's set (`NAME_PREFIXES`) and ك ("like"), and ل with the article, since for-the is
 * written لل before a name the corpus spells with ال.
 */
export const GLOSSED_NAME_PREFIXES = subset(
  (p) =>
    NAME_PREFIXES.includes(p) ||
    (p.particle?.letters === 'ك' && p.conjunction === undefined && !p.article) ||
    (p.written === 'لل' && p.conjunction === undefined),
);

export interface ProcliticSplit {
  prefix: ProcliticPrefix | undefined;
  stem: string;
}

/**
 * The word, then each way to take a prefix of `prefixes` off it leaving `minStem` letters or
 * more, longest prefix first: "وبالكرملين" -> وبالكرملين، كرملين (وبال)، الكرملين (وب)، بالكرملين (و).
 */
export function procliticSplits(word: string, prefixes: readonly ProcliticPrefix[], minStem: number): ProcliticSplit[] {
  const out: ProcliticSplit[] = [{ prefix: undefined, stem: word }];
  for (const prefix of prefixes) {
    if (word.startsWith(prefix.written) && word.length - prefix.written.length >= minStem) out.push({ prefix, stem: word.slice(prefix.written.length) });
  }
  return out;
}

/** The word without the longest prefix of `prefixes` that leaves `minStem` letters or more. */
export function withoutProclitics(word: string, prefixes: readonly ProcliticPrefix[], minStem: number): string {
  for (const prefix of prefixes) if (word.startsWith(prefix.written) && word.length - prefix.written.length >= minStem) return word.slice(prefix.written.length);
  return word;
}

/** Whether the word begins with one of `prefixes` (and more letters after it). */
export function startsWithProclitic(word: string, prefixes: readonly ProcliticPrefix[], minStem = 1): boolean {
  return withoutProclitics(word, prefixes, minStem) !== word;
}

/**
 * A token and the stems it may be with a noun's proclitics removed (و ف ب ل ك ال and their
 * combinations, leaving 2+ letters), with how many proclitics were removed: how a name is looked
 * for inside running text ("وبوتين" is بوتين).
 */
export function arabicStems(token: string): { stem: string; prefix: string; morphemes: number }[] {
  return procliticSplits(token, NOUN_PREFIXES, 2).map(({ prefix, stem }) => ({ stem, prefix: prefix?.written ?? '', morphemes: prefix?.count ?? 0 }));
}

/** The word without a conjunction و or ف ("وأضاف" -> أضاف), when three letters or more are left. */
export function withoutConjunction(token: string): string {
  return withoutProclitics(token, CONJUNCTIONS, 3);
}
