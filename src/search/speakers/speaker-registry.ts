/**
 * The people who speak in the articles: each name form met (بوتن، بوتين، فلاديمير بوتين) merged
 * into one speaker, with the quotes attributed to them.
 */
import { arabicSkeleton } from '../../text/sound-classes.ts';
import type { Word } from './reported-speech.ts';

export interface QuoteAttribution {
  doc: number;
  /** Index into the passage's sentences. */
  sentence: number;
  speaker: number;
}

export interface Speaker {
  id: number;
  /** The fullest form of the name as written in the articles. */
  name: string;
  /** Normalised name tokens of every form seen. */
  tokens: Set<string>;
  /**
   * Titles and appositions the articles give them, without ال ("رئيس", "صيني", "مستشار",
   * "كرملين", "سياسة", "خارجية", "بوتين" of "مستشار بوتين"): what role questions match.
   */
  descriptions: Set<string>;
  quotes: QuoteAttribution[];
}

/**
 * Two spellings of one name word: equal, or equal consonant skeletons (بوتن/بوتين) when the
 * skeleton is long enough to mean something (a one-consonant skeleton like شي's collides).
 */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const skeleton = arabicSkeleton(a);
  return skeleton.length >= 2 && skeleton === arabicSkeleton(b);
}

/** Merges name forms of one person: "أوشاكوف" is "يوري أوشاكوف"; "بوتن" is "بوتين". */
export class SpeakerRegistry {
  private readonly speakers: Speaker[] = [];

  add(name: Word[]): number {
    const tokens = name.map((w) => w.norm);
    const existing = this.speakers.find((s) => {
      const theirs = [...s.tokens];
      return tokens.every((t) => theirs.some((u) => sameName(t, u))) || theirs.every((u) => tokens.some((t) => sameName(t, u)));
    });
    const display = name.map((w) => w.raw).join(' ');
    if (existing) {
      for (const token of tokens) {
        existing.tokens.add(token);
        if (!this.tokenOwner.has(token)) this.tokenOwner.set(token, existing.id);
      }
      if (display.length > existing.name.length) existing.name = display;
      return existing.id;
    }
    const id = this.speakers.length;
    this.speakers.push({ id, name: display, tokens: new Set(tokens), descriptions: new Set(), quotes: [] });
    for (const token of tokens) if (!this.tokenOwner.has(token)) this.tokenOwner.set(token, id);
    return id;
  }

  private readonly tokenOwner = new Map<string, number>();

  /** The speaker one of whose name words this is (the first registered, when several share it). */
  byToken(token: string): number | undefined {
    return this.tokenOwner.get(token);
  }

  get(id: number): Speaker {
    return this.speakers[id]!;
  }

  all(): Speaker[] {
    return this.speakers;
  }
}
