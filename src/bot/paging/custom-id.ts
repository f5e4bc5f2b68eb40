/** Button ids: `page:<session>:<action>:<page>`; the page to show travels in the id, so a press is idempotent. */
export type PageAction = 'go' | 'full';

export interface PageButton {
  session: string;
  action: PageAction;
  page: number;
}

const PREFIX = 'page';

export function encodePageButton(button: PageButton, tag = ''): string {
  // Discord refuses two buttons with one id in a message: Previous and Next may target one page.
  return `${PREFIX}:${button.session}:${button.action}:${button.page}${tag ? `:${tag}` : ''}`;
}

/** The button a custom id names, or undefined when it is not one of ours. */
export function decodePageButton(customId: string): PageButton | undefined {
  const match = /^page:([A-Za-z0-9_-]{1,40}):(go|full):(\d{1,4})(?::\w+)?$/.exec(customId);
  if (!match) return undefined;
  return { session: match[1]!, action: match[2] as PageAction, page: Number(match[3]) };
}
