import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Page, Paged } from '../render/paged.ts';
import { actionsRow, type AnswerActions } from '../answer-actions.ts';
import { encodePageButton } from './custom-id.ts';

/** Pings nobody: not @everyone, not roles, not users, not the author of a replied-to message. */
export const NO_PINGS = { parse: [], repliedUser: false } as const;

export interface PageMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: []; repliedUser: false };
}

/** Whether an answer needs buttons (and so a session). */
export function needsButtons(paged: Paged): boolean {
  return paged.pages.length > 1 || paged.pages.some((page) => page.full || page.english);
}

/** The labels of the English toggle: what pressing it does. */
export const ENGLISH_BUTTON = { show: '🇬🇧 English', hide: '🇬🇧 Hide English' } as const;

/**
 * Page `index` of an answer as a message, with Previous / Next / Show full passage / 🇬🇧 English
 * when useful. `english` shows the page with its English (when it has some). @default paged.showEnglish
 * With `actions` (an answer kept for feedback) a second row: 👍 · 👎 · Share · Ask a colleague.
 */
export function pageMessage(paged: Paged, index: number, sessionId: string | null, english = paged.showEnglish ?? false, actions?: AnswerActions): PageMessage {
  const page: Page = paged.pages[index] ?? paged.pages[0]!;
  const components: APIActionRowComponent<APIButtonComponent>[] = [];
  const showing = english && page.english !== undefined;
  if (sessionId !== null && needsButtons(paged)) {
    const buttons: APIButtonComponent[] = [];
    const last = paged.pages.length - 1;
    const go = (page: number, tag: string, view = english) => encodePageButton({ session: sessionId, action: 'go', page, english: view }, tag);
    if (last > 0) {
      buttons.push(
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Previous', custom_id: go(Math.max(0, index - 1), 'p'), disabled: index === 0 },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next', custom_id: go(Math.min(last, index + 1), 'n'), disabled: index === last },
      );
    }
    buttons.push({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Show full passage', custom_id: encodePageButton({ session: sessionId, action: 'full', page: index }), disabled: !page.full });
    if (page.english) {
      buttons.push({ type: ComponentType.Button, style: showing ? ButtonStyle.Success : ButtonStyle.Secondary, label: showing ? ENGLISH_BUTTON.hide : ENGLISH_BUTTON.show, custom_id: go(index, 'l', !showing) });
    }
    components.push({ type: ComponentType.ActionRow, components: buttons });
  }
  if (actions) components.push(actionsRow(actions));
  return { content: page.content, embeds: showing ? page.english! : page.embeds, components, allowedMentions: { parse: [], repliedUser: false } };
}
