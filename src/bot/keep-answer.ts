import type { Answer, AnswerPassage } from '../search/answer.ts';
import { serverKey, type AnswerPassageRef, type AnswerRecord, type AnswerVia } from '../team/answer-record.ts';
import { newAnswerId, type AnswerActions } from './answer-actions.ts';
import type { BotContext } from './context.ts';

/** Characters of a passage's quote kept with the answer (an evaluation file's `contains`). */
const QUOTE_CHARS = 200;

export interface AnswerOrigin {
  guildId: string | null;
  channelId: string;
  userId: string;
  via: AnswerVia;
  /** Only the asker sees it. */
  ephemeral: boolean;
}

/**
 * Keeps an answer in the team store so its buttons (👍/👎, Share, Ask a colleague) work and its
 * votes can be counted, and returns those buttons. When the store cannot be written, the answer
 * is still shown, without them (and the log says why).
 */
export async function keepAnswer(ctx: Pick<BotContext, 'team' | 'engine' | 'logger'>, answer: Answer, origin: AnswerOrigin): Promise<AnswerActions | undefined> {
  const { mode, model } = ctx.engine.retrieval;
  const record: AnswerRecord = {
    id: newAnswerId(),
    server: serverKey(origin.guildId),
    channelId: origin.channelId,
    askedBy: origin.userId,
    askedAt: new Date().toISOString(),
    question: answer.question,
    language: answer.language,
    status: answer.status,
    passages: answer.passages.map(passageRef),
    mode,
    model: model ? { id: model.id, file: model.file } : null,
    via: origin.via,
    ephemeral: origin.ephemeral,
  };
  try {
    await ctx.team.recordAnswer(record);
    return { answerId: record.id, share: origin.ephemeral };
  } catch (error) {
    ctx.logger.error(`Could not keep the answer in ${ctx.team.location}; it is shown without its feedback buttons:`, error);
    return undefined;
  }
}

/** Notes where the answer was posted (for links in the report and from escalations); a failure is only logged. */
export async function noteAnswerMessage(ctx: Pick<BotContext, 'team' | 'logger'>, guildId: string | null, actions: AnswerActions | undefined, channelId: string, messageId: string): Promise<void> {
  if (!actions) return;
  await ctx.team.setAnswerMessage(serverKey(guildId), actions.answerId, channelId, messageId).catch((error: unknown) => ctx.logger.warn(`Could not note the message of answer ${actions.answerId}:`, error));
}

/** The passage's file and lines, with its quote (verbatim, cut at a space). */
function passageRef(passage: AnswerPassage): AnswerPassageRef {
  const span = passage.quotes[0];
  const quoted = (span ? passage.text.slice(span.start, span.end) : passage.text).trim();
  return { id: passage.id, file: passage.file, lineStart: passage.lineStart, lineEnd: passage.lineEnd, quote: cutAtSpace(quoted, QUOTE_CHARS) };
}

function cutAtSpace(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trim();
}
