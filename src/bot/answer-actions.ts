import { randomBytes } from 'node:crypto';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIStringSelectComponent } from 'discord.js';
import { VOTE_REASONS } from '../team/answer-record.ts';

/**
 * The buttons under every answer, and the reason menu of 👎. Their ids carry the answer's id
 * (kept in the team store), so they work for anyone who sees the answer and after a restart:
 * `ans:<answer id>:<action>`.
 */
export type AnswerAction = 'up' | 'down' | 'why' | 'share' | 'ask';

export interface AnswerActions {
  answerId: string;
  /** Offer "Share in channel": the answer is private (an ephemeral /ask). */
  share: boolean;
}

const PREFIX = 'ans';
const ACTIONS = new Set<AnswerAction>(['up', 'down', 'why', 'share', 'ask']);

/** A new answer id: random, short enough for a custom id. */
export function newAnswerId(): string {
  return randomBytes(9).toString('base64url');
}

export function encodeAnswerAction(answerId: string, action: AnswerAction): string {
  return `${PREFIX}:${answerId}:${action}`;
}

/** The answer and action a custom id names, or undefined when it is not one of ours. */
export function decodeAnswerAction(customId: string): { answerId: string; action: AnswerAction } | undefined {
  const match = /^ans:([A-Za-z0-9_-]{1,40}):([a-z]{2,5})$/.exec(customId);
  if (!match || !ACTIONS.has(match[2] as AnswerAction)) return undefined;
  return { answerId: match[1]!, action: match[2] as AnswerAction };
}

export const ACTION_LABELS = { up: '👍', down: '👎', share: 'Share in channel', ask: 'Ask a colleague' } as const;

/** 👍 · 👎 · (Share in channel) · Ask a colleague. */
export function actionsRow({ answerId, share }: AnswerActions): APIActionRowComponent<APIButtonComponent> {
  const button = (action: 'up' | 'down' | 'share' | 'ask', style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponent => ({ type: ComponentType.Button, style, label: ACTION_LABELS[action], custom_id: encodeAnswerAction(answerId, action) });
  return {
    type: ComponentType.ActionRow,
    components: [
      button('up', ButtonStyle.Secondary),
      button('down', ButtonStyle.Secondary),
      ...(share ? [button('share', ButtonStyle.Primary)] : []),
      button('ask', ButtonStyle.Secondary),
    ],
  };
}

/** The menu that follows 👎: what was wrong (one reason). */
export function reasonMenu(answerId: string): APIActionRowComponent<APIStringSelectComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: encodeAnswerAction(answerId, 'why'),
        placeholder: 'What was wrong? (optional)',
        min_values: 1,
        max_values: 1,
        options: Object.entries(VOTE_REASONS).map(([value, label]) => ({ label, value })),
      },
    ],
  };
}
