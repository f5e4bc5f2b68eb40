/**
 * Latin readings: the sound-class forms (see `sound-classes.ts`) a Latin word may be spelled with
 * in Arabic, one per combination of the readings of its letters, most likely first.
 */
import { joinUnits, UNIT_QUALITIES, VA, VI, VOWEL_UNIT, VU, withoutVowels } from './sound-classes.ts';

/** One Latin sound unit's possible readings (each a list of units), most likely first. */
type Readings = readonly (readonly string[])[];

// Latin consonant spellings -> readings, most likely first. Longest spelling wins.
const LATIN_DIGRAPHS: [string, Readings][] = [
  ['shch', [['ش'], ['ش', 'ت', 'ش']]],
  ['tsch', [['ت', 'ش']]],
  ['sch', [['ش'], ['س', 'ك']]],
  ['tch', [['ت', 'ش']]],
  ['dzh', [['ج']]],
  ['sh', [['ش']]],
  ['ch', [['ت', 'ش'], ['ش'], ['ك'], ['خ']]],
  ['kh', [['خ'], ['ك']]],
  ['gh', [['غ'], []]],
  ['zh', [['ج'], ['ت', 'ش'], ['ش'], ['ز']]],
  ['th', [['س'], ['ت'], ['ز']]],
  ['dh', [['د'], ['ز']]],
  ['ph', [['ف']]],
  ['ts', [['ت', 'س']]],
  ['tz', [['ت', 'س'], ['ت', 'ز']]],
  ['ck', [['ك']]],
  ['ng', [['ن', 'غ'], ['ن'], ['ن', 'ج']]],
];
const LATIN_CONSONANT: Record<string, Readings> = {
  b: [['ب']], d: [['د']], f: [['ف']], h: [['ه'], []], j: [['ج'], ['خ']], k: [['ك']],
  l: [['ل']], m: [['م']], n: [['ن']], p: [['ب']], q: [['ك']], r: [['ر']],
  s: [['س'], ['ز']], t: [['ت']], v: [['ف']], z: [['ز'], ['ت', 'س']],
};
// A lone vowel letter; "i" may be English /ai/ (Biden بايدن), "u" English /a/ (Trump ترامب).
const LATIN_VOWEL: Record<string, Readings> = {
  a: [[VA]], e: [[VI]], i: [[VI], [VA, VI]], o: [[VU]], u: [[VU], [VA]], y: [[VI]],
};
const LATIN_VOWELS = new Set(Object.keys(LATIN_VOWEL));

/** Upper bound on the spelling variants built for one Latin word. */
const MAX_LATIN_FORMS = 256;

/** Latin word -> lower-case a-z only ("Zelenskyy's" -> "zelenskyys"; accents dropped). */
export function latinLetters(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/**
 * Readings of a run of vowel letters (a w after a vowel counts as u): each
 * letter's first reading in turn ("ai" -> ا ي, "ou" -> و, "ia" -> ي ا), or, less
 * likely, one unit with all their qualities; a lone letter has its own readings.
 */
function vowelRunReadings(run: string): Readings {
  if (run.length === 1) return LATIN_VOWEL[run] ?? [];
  const each = [...run].map((c) => (c === 'w' ? VU : LATIN_VOWEL[c]?.[0]?.[0] ?? VI));
  let mask = 0;
  for (const unit of each) mask |= UNIT_QUALITIES.get(unit) ?? 0;
  const merged = VOWEL_UNIT[mask] ?? VI;
  const sequence = joinUnits(each);
  return sequence === merged ? [[...sequence]] : [[...sequence], [merged]];
}

/** The readings of each sound unit of a Latin word, left to right. */
function latinReadings(word: string): Readings[] {
  // Double letters are one sound in the Arabic spelling ("Russell" -> راسل).
  const w = latinLetters(word).replace(/([a-z])\1+/g, '$1');
  const out: Readings[] = [];
  let i = 0;
  while (i < w.length) {
    const c = w[i] ?? '';
    const next = w[i + 1] ?? '';
    if (LATIN_VOWELS.has(c)) {
      let end = i + 1;
      // A y or w between vowels starts a syllable (Maya, Iowa); after a vowel elsewhere it is one ("Moscow").
      while (end < w.length && (LATIN_VOWELS.has(w[end] ?? '') || w[end] === 'w') &&
        !('yw'.includes(w[end] ?? '') && LATIN_VOWELS.has(w[end + 1] ?? ''))) end += 1;
      out.push(vowelRunReadings(w.slice(i, end)));
      i = end;
      continue;
    }
    const digraph = LATIN_DIGRAPHS.find(([spelling]) => w.startsWith(spelling, i));
    if (digraph) {
      out.push(digraph[1]);
      i += digraph[0].length;
      continue;
    }
    const nextIsFront = next !== '' && 'eiy'.includes(next);
    if (c === 'w') {
      // Before a vowel, و or ف ("Wagner" فاغنر).
      out.push(LATIN_VOWELS.has(next) ? [[VU], ['ف']] : [[VU]]);
    } else if (c === 'c') {
      out.push(nextIsFront ? [['س'], ['ك']] : [['ك']]);
    } else if (c === 'g') {
      out.push(nextIsFront ? [['ج'], ['غ']] : [['غ'], ['ج'], ['ك']]);
    } else if (c === 'x') {
      // Word-initial x is mostly pinyin (Xi, Xinhua) -> ش; elsewhere "ks".
      out.push(i === 0 ? [['ش'], ['ز'], ['ك', 'س']] : [['ك', 'س'], ['ش']]);
    } else {
      const readings = LATIN_CONSONANT[c];
      if (readings) out.push(readings);
    }
    i += 1;
  }
  return out;
}

/** Cost added to a form for each reading that is not a unit's first. */
const LESS_LIKELY_READING = 0.1;

export interface LatinForm {
  form: string;
  /** Sum of `LESS_LIKELY_READING` over the readings chosen. */
  prior: number;
}

export function latinFormsWithPriors(word: string): LatinForm[] {
  let partial: { units: string[]; prior: number }[] = [{ units: [], prior: 0 }];
  for (const readings of latinReadings(word)) {
    const next: { units: string[]; prior: number }[] = [];
    for (const p of partial) {
      for (const [k, reading] of readings.entries()) {
        next.push({ units: [...p.units, ...reading], prior: p.prior + (k === 0 ? 0 : LESS_LIKELY_READING) });
      }
    }
    next.sort((a, b) => a.prior - b.prior);
    partial = next.slice(0, MAX_LATIN_FORMS);
  }
  const best = new Map<string, number>();
  for (const { units, prior } of partial) {
    const form = joinUnits(units);
    if (form.length > 0 && (best.get(form) ?? Infinity) > prior) best.set(form, prior);
  }
  return [...best].map(([form, prior]) => ({ form, prior })).sort((a, b) => a.prior - b.prior);
}

/**
 * Sound-class forms of a Latin word, vowels included, one per combination of
 * the readings of its letters (c -> ك/س, g -> غ/ج/ك, ch -> تش/ش/ك/خ,
 * th -> س/ت/ز, x -> ش/كس, w -> و/ف, ...), most likely first, at most 256.
 */
export function latinForms(word: string): string[] {
  return latinFormsWithPriors(word).map((f) => f.form);
}

/**
 * Skeleton candidates of a Latin word in the class alphabet of
 * `arabicSkeleton`, most likely first: "Putin" -> ["بتن"],
 * "Sechin" -> ["ستشن", "سشن", "سكن", ...].
 */
export function latinSkeletons(word: string): string[] {
  return [...new Set(latinForms(word).map(withoutVowels))];
}
