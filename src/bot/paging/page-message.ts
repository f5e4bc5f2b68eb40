import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Page, Paged } from '../render/paged.ts';
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
  return paged.pages.length > 1 || paged.pages.some((page) => page.full);
}

/** Page `index` of an answer as a message, with Previous / Next / Show full passage when useful. */
export function pageMessage(paged: Paged, index: number, sessionId: string | null): PageMessage {
  const page: Page = paged.pages[index] ?? paged.pages[0]!;
  const components: APIActionRowComponent<APIButtonComponent>[] = [];
  if (sessionId !== null && needsButtons(paged)) {
    const buttons: APIButtonComponent[] = [];
    const last = paged.pages.length - 1;
    if (last > 0) {
      buttons.push(
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Previous', custom_id: encodePageButton({ session: sessionId, action: 'go', page: Math.max(0, index - 1) }, 'p'), disabled: index === 0 },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next', custom_id: encodePageButton({ session: sessionId, action: 'go', page: Math.min(last, index + 1) }, 'n'), disabled: index === last },
      );
    }
    buttons.push({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Show full passage', custom_id: encodePageButton({ session: sessionId, action: 'full', page: index }), disabled: !page.full });
    components.push({ type: ComponentType.ActionRow, components: buttons });
  }
  return { content: page.content, embeds: page.embeds, components, allowedMentions: { parse: [], repliedUser: false } };
}
