import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.ts';
import { isDescriptor } from '../../src/search/speakers/name-phrase.ts';
import { sameName, type Speaker } from '../../src/search/speakers/speaker-registry.ts';
import { normalizeText, tokenize } from '../../src/text/normalize.ts';

/** The hand-labelled speakers of every reported statement in seeds/ (see its description). */
export const GOLD_FILE = join(PROJECT_ROOT, 'test', 'fixtures', 'seed-attributions.json');

export interface GoldStatement {
  file: string;
  /** A piece of the sentence, unique in its file. */
  contains: string;
  speaker: string;
}

export function readGoldStatements(): GoldStatement[] {
  return (JSON.parse(readFileSync(GOLD_FILE, 'utf8')) as { statements: GoldStatement[] }).statements;
}

/** A labelled name denotes an attributed speaker when one of its name words (titles aside) is theirs. */
export function denotes(label: string, speaker: Speaker): boolean {
  const tokens = tokenize(normalizeText(label));
  const names = tokens.filter((token) => !isDescriptor(token));
  return (names.length > 0 ? names : tokens).some((token) => [...speaker.tokens].some((theirs) => sameName(token, theirs)));
}
