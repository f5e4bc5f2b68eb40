import { englishLabel } from '../english/gloss.ts';
import type { Answer, AnswerPassage } from '../search/answer.ts';

const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const YELLOW = '\u001b[33m';
const RESET = '\u001b[0m';

export function formatSource(ref: { file: string; lineStart: number; lineEnd: number }): string {
  return ref.lineStart === ref.lineEnd ? `${ref.file}, line ${ref.lineStart}` : `${ref.file}, lines ${ref.lineStart}-${ref.lineEnd}`;
}

/**
 * The answer as the bot would give it, for a terminal. With colour, the quoted sentences are
 * highlighted inside the passage; without, they are repeated after "Quote:". With `english`, each
 * passage's English follows it, labelled as a gloss or a translation.
 */
export function renderAnswer(answer: Answer, color: boolean, options: { english?: boolean } = {}): string {
  if (answer.abstained) return answer.why;
  const lines = [answer.why, ''];
  answer.passages.forEach((passage, i) => {
    lines.push(`${color ? BOLD : ''}${i + 1}. ${formatSource(passage)}${color ? RESET : ''}  (score ${passage.score.toFixed(2)})`);
    const cited = citation(passage);
    if (cited) lines.push(`   ${color ? DIM : ''}${cited}${color ? RESET : ''}`);
    lines.push(...quoteBlock(passage, color));
    if (options.english && passage.english) lines.push(`   ${color ? DIM : ''}English (${englishLabel(passage.english.kind)}):${color ? RESET : ''} ${passage.english.text}`);
    if (passage.alsoIn.length) lines.push(`   ${color ? DIM : ''}Also in: ${passage.alsoIn.map(formatSource).join('; ')}${color ? RESET : ''}`);
    lines.push('');
  });
  return lines.join('\n').trimEnd();
}

/** "Title — Outlet, 2025-03-02 — https://…" for a saved article; empty for a plain file. */
function citation(passage: AnswerPassage): string {
  const article = passage.article;
  if (!article) return '';
  return [article.title, [article.outlet, article.published?.slice(0, 10)].filter(Boolean).join(', '), article.url].filter(Boolean).join(' — ');
}

function quoteBlock(passage: AnswerPassage, color: boolean): string[] {
  const whole = passage.quotes.length === 1 && passage.quotes[0]!.start === 0 && passage.quotes[0]!.end === passage.text.length;
  if (!color) {
    const lines = [`   > ${passage.text}`];
    if (!whole) lines.push(`   Quote: ${passage.quotes.map((q) => passage.text.slice(q.start, q.end)).join(' … ')}`);
    return lines;
  }
  let marked = '';
  let at = 0;
  for (const quote of passage.quotes) {
    marked += passage.text.slice(at, quote.start) + YELLOW + BOLD + passage.text.slice(quote.start, quote.end) + RESET;
    at = quote.end;
  }
  return [`   > ${marked}${passage.text.slice(at)}`];
}
