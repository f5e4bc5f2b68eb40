/**
 * Button ids: `page:<session>:<action>:<page>[:<view>][:<tag>]`; the page to show and whether its
 * English is shown travel in the id, so a press is idempotent. `view` is `e` (English shown) or
 * `a` (Arabic only); ids without it (older messages) show the answer's default.
 */
export type PageAction = 'go' | 'full';

export interface PageButton {
  session: string;
  action: PageAction;
  page: number;
  /** Show the page with its English (true), without (false), or as the answer opens (undefined). */
  english?: boolean;
}

const PREFIX = 'page';

export function encodePageButton(button: PageButton, tag = ''): string {
  const view = button.english === undefined ? '' : `:${button.english ? 'e' : 'a'}`;
  // Discord refuses two buttons with one id in a message: Previous and Next may target one page.
  return `${PREFIX}:${button.session}:${button.action}:${button.page}${view}${tag ? `:${tag}` : ''}`;
}

/** The button a custom id names, or undefined when it is not one of ours. */
export function decodePageButton(customId: string): PageButton | undefined {
  const match = /^page:([A-Za-z0-9_-]{1,40}):(go|full):(\d{1,4})(?::([ae]))?(?::[b-df-z]\w*)?$/.exec(customId);
  if (!match) return undefined;
  const button: PageButton = { session: match[1]!, action: match[2] as PageAction, page: Number(match[3]) };
  if (match[4]) button.english = match[4] === 'e';
  return button;
}
