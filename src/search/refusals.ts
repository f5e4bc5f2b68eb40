import { MAX_QUESTION_LENGTH } from './question-check.ts';

/** Why a question was not searched at all (as opposed to searched without a good enough answer). */
export type RefusalReason = 'empty' | 'too-long' | 'no-terms' | 'unknown-person';

const EXAMPLE = '“What did Ushakov say?” or “ماذا قال أوشاكوف؟”';

/**
 * The wording of every refusal, written once. `noun` is what the user typed ("question", or
 * "topic" for /briefing); `overview` says what the corpus covers, so the asker knows what to ask.
 */
export const Refusals = {
  empty: (noun = 'question') => `There is nothing to search for in that ${noun} (no letters or numbers). Ask about the articles, e.g. ${EXAMPLE}.`,
  tooLong: (length: number, noun = 'question') =>
    `That ${noun} is ${length.toLocaleString('en-US')} characters long; the limit is ${MAX_QUESTION_LENGTH.toLocaleString('en-US')} characters. Please ask something shorter, e.g. “What did Ushakov say?”.`,
  noTerms: 'The question has no words the articles could match (only question words, punctuation or symbols).',
  nothingCloseEnough: 'Nothing in the articles answers that closely enough.',
  /** A person the articles name but never quote: their mentions are shown instead of anyone's quotes. */
  mentionedNotQuoted: (name: string) => `The articles mention ${name} but do not quote them directly; these passages mention or report them.`,
  /** A reverse question ("Who said …?"): who said it, where. */
  saidBy: (said: { speakers: string[]; where: string }[]) => `Said by ${said.map((s) => `${s.speakers.join(' and ')} (${s.where})`).join('; ')}.`,
  saidByNobody: 'These passages hold the words asked about, but the articles do not say who said them.',
  /** A person the articles do not name at all. */
  notInArticles: (name: string, quoted: string[]) =>
    `The articles neither quote nor mention ${name}.${quoted.length ? ` People quoted: ${quoted.join('; ')}.` : ' Nobody is quoted in them.'}`,
} as const;

/** The text of a refusal from the question check, for any front end. */
export function refusalText(check: { reason: 'empty' } | { reason: 'too-long'; length: number }, noun = 'question'): string {
  return check.reason === 'empty' ? Refusals.empty(noun) : Refusals.tooLong(check.length, noun);
}

/** A reason followed by what the corpus covers, when known. */
export function withOverview(reason: string, overview: string): string {
  return overview ? `${reason} ${overview}` : reason;
}
