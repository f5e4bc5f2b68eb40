import type { AskOptions, CorpusStats, PassageLocation, RetrievalInUse, SimilarPassages } from '../engine.ts';
import type { Passage } from '../corpus/passages.ts';
import type { Answer, AnswerPassage } from '../search/answer.ts';
import type { SpeakerQuotes } from '../search/speakers/speaker-answer.ts';
import { parseSpeakerQuestion } from '../search/speakers/speaker-question.ts';
import { parseWhoSaid } from '../search/speakers/who-said.ts';
import type { Settings } from '../settings.ts';
import type { CorpusReader } from './corpus-reader.ts';
import { mergeAnswers } from './merge-answers.ts';

/**
 * A Discord server's view: the shared corpus with the server's own articles over it. Each is
 * its own index (own BM25 statistics, own abstention), so what one server adds never changes how
 * another server's questions are answered; a question here is asked of both and the answers
 * merged by score (merge-answers.ts).
 */
export class CombinedCorpus implements CorpusReader {
  constructor(
    private readonly shared: CorpusReader,
    private readonly own: CorpusReader,
    /** Passages a search returns when the asker does not say (ANSWER_PASSAGES). */
    private readonly defaultK: number,
  ) {}

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    // `source` names one file: only the corpus (or corpora) holding it is asked.
    const holds = (reader: CorpusReader) => options.file === undefined || reader.stats().files.some((f) => f.file === options.file);
    const [shared, own] = await Promise.all([holds(this.shared) ? this.shared.ask(question, options) : null, holds(this.own) ? this.own.ask(question, options) : null]);
    if (!shared || !own) return (shared ?? own)!;
    return mergeAnswers(shared, own, this.limitFor(question, options.k));
  }

  /** k when given; every quote for "what did X say" (as one corpus answers it); else ANSWER_PASSAGES. */
  private limitFor(question: string, k: number | undefined): number | undefined {
    if (k !== undefined) return k;
    return parseSpeakerQuestion(question) && !parseWhoSaid(question) ? undefined : this.defaultK;
  }

  speakers(): { name: string; latin: string; quotes: number }[] {
    const merged = new Map<string, { name: string; latin: string; quotes: number }>();
    for (const speaker of [...this.shared.speakers(), ...this.own.speakers()]) {
      const seen = merged.get(speaker.name);
      merged.set(speaker.name, seen ? { ...seen, quotes: seen.quotes + speaker.quotes } : speaker);
    }
    return [...merged.values()].sort((a, b) => b.quotes - a.quotes || a.name.localeCompare(b.name));
  }

  /** Each passage put into English by the corpus it comes from (whose names and words it knows). */
  async inEnglish<T extends AnswerPassage>(passages: T[]): Promise<T[]> {
    const ownFiles = new Set(this.own.stats().files.map((f) => f.file));
    const isOwn = (passage: T) => ownFiles.has(passage.file);
    const [shared, own] = await Promise.all([this.shared.inEnglish(passages.filter((p) => !isOwn(p))), this.own.inEnglish(passages.filter(isOwn))]);
    // Back in the order given.
    let s = 0;
    let o = 0;
    return passages.map((passage) => (isOwn(passage) ? own[o++]! : shared[s++]!));
  }

  /** The shared corpus's reading of a name, unless only this server's articles know it. */
  latinName(name: string): string {
    const shared = this.shared.latinName(name);
    return shared !== name ? shared : this.own.latinName(name);
  }

  typeableName(name: string): string {
    const shared = this.shared.typeableName(name);
    return shared !== name ? shared : this.own.typeableName(name);
  }

  gloss(text: string): string {
    return this.shared.gloss(text);
  }

  englishFigure(figure: string): string {
    return this.shared.englishFigure(figure);
  }

  quotes(name: string): SpeakerQuotes {
    const shared = this.shared.quotes(name);
    const own = this.own.quotes(name);
    const names = new Set(shared.speakers.map((s) => s.name));
    return { speakers: [...shared.speakers, ...own.speakers.filter((s) => !names.has(s.name))], passages: [...shared.passages, ...own.passages] };
  }

  stats(): CorpusStats {
    const shared = this.shared.stats();
    const own = this.own.stats();
    return {
      ...shared,
      builtAt: own.builtAt > shared.builtAt ? own.builtAt : shared.builtAt,
      passages: shared.passages + own.passages,
      files: [...shared.files, ...own.files.map((f) => ({ ...f, addedHere: true }))],
      skipped: [...shared.skipped, ...own.skipped],
    };
  }

  get index(): { readonly passages: readonly Passage[] } {
    return { passages: [...this.shared.index.passages, ...this.own.index.passages] };
  }

  get retrieval(): RetrievalInUse {
    return this.shared.retrieval;
  }

  passageAt(ref: PassageLocation): Passage | undefined {
    return this.shared.passageAt(ref) ?? this.own.passageAt(ref);
  }

  /** Asked of both corpora (the one holding the passage uses its stored vector), merged by score. */
  async passagesLike(like: { id: string; text: string }, k: number): Promise<SimilarPassages> {
    const [shared, own] = await Promise.all([this.shared.passagesLike(like, k), this.own.passagesLike(like, k)]);
    const passages = [...shared.passages, ...own.passages].sort((a, b) => b.score - a.score).slice(0, k);
    return { by: shared.by, passages };
  }

  /** One engine opens both corpora, with one set of settings: the shared corpus's. */
  get settings(): Settings {
    return this.shared.settings;
  }

  get dense(): boolean {
    return this.shared.dense;
  }

  async loadNewerIndex(): Promise<void> {
    await Promise.all([this.shared.loadNewerIndex(), this.own.loadNewerIndex()]);
  }
}
