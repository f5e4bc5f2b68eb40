import { add } from './add.ts';
import { ask } from './ask.ts';
import { briefing } from './briefing.ts';
import type { Command } from './command.ts';
import { feedback } from './feedback.ts';
import { feeds } from './feeds.ts';
import { help } from './help.ts';
import { quote } from './quote.ts';
import { reindex } from './reindex.ts';
import { settings } from './settings.ts';
import { sources } from './sources.ts';

export type { Command } from './command.ts';

/** Every slash command, in the order /help and the command picker show them. */
export const commands: Command[] = [ask, quote, sources, briefing, add, feeds, reindex, settings, feedback, help];
