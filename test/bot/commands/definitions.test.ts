import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sourceProblem } from '../../../src/bot/commands/ask.ts';
import { commands } from '../../../src/bot/commands/index.ts';
import { MAX_QUESTION_LENGTH } from '../../../src/search/question-check.ts';
import type { JsonObject } from '../../support/discord-emulator/index.ts';
import { validateCommandList } from '../../support/discord-emulator/validation.ts';
import { openTestEngine } from '../../support/seeds-engine.ts';

describe('slash command definitions', () => {
  const bodies = commands.map((command) => command.data.toJSON() as unknown as JsonObject);
  const optionsOf = (name: string) => (bodies.find((b) => b.name === name)!.options ?? []) as JsonObject[];

  it('GIVEN every command THEN Discord would accept the list as registered (names, descriptions, option limits)', () => {
    assert.equal(validateCommandList(bodies), null);
  });

  it('THEN every name is used once, and the question commands come first', () => {
    const names = bodies.map((b) => b.name);
    assert.equal(new Set(names).size, names.length, `a name used twice: ${names.join(', ')}`);
    assert.deepEqual(names.slice(0, 2), ['ask', 'quote']);
  });

  it('THEN /settings and /feedback are for members with Manage Server, in servers only; their channel options take text channels', () => {
    for (const name of ['settings', 'feedback']) {
      const body = bodies.find((b) => b.name === name)!;
      assert.equal(body.default_member_permissions, String(1 << 5), name);
      assert.deepEqual(body.contexts, [0], name);
    }
    const channelOptions = optionsOf('settings').flatMap((sub) => ((sub.options ?? []) as JsonObject[]).filter((o) => o.type === 7));
    assert.equal(channelOptions.length, 3, 'ask-channel, escalation, briefing');
    for (const option of channelOptions) assert.deepEqual(option.channel_types, [0, 5]);
  });

  it('THEN /ask and /briefing accept as much text as the engine does, and /ask at most 10 results', () => {
    assert.equal(optionsOf('ask').find((o) => o.name === 'question')!.max_length, MAX_QUESTION_LENGTH);
    assert.equal(optionsOf('briefing').find((o) => o.name === 'topic')!.max_length, MAX_QUESTION_LENGTH);
    const results = optionsOf('ask').find((o) => o.name === 'results')!;
    assert.deepEqual([results.min_value, results.max_value], [1, 10]);
  });
});

describe('/ask sourceProblem', () => {
  let t: Awaited<ReturnType<typeof openTestEngine>>;
  before(async () => {
    t = await openTestEngine();
  });
  after(async () => t?.close());

  it('GIVEN no source or an indexed file name THEN no problem', () => {
    assert.equal(sourceProblem(null, t.engine), undefined);
    assert.equal(sourceProblem(t.engine.stats().files[0]!.file, t.engine), undefined);
  });

  it('GIVEN a path or an unknown name THEN says there is no such article, the name made inert', () => {
    for (const file of ['../../etc/passwd', '/etc/passwd', 'nope.txt']) {
      assert.match(sourceProblem(file, t.engine) ?? '', /^There is no article “.+” in the index\. `source` takes the name of an indexed file/, file);
    }
    assert.match(sourceProblem('**bold** <@1>', t.engine) ?? '', /\\\*\\\*bold\\\*\\\*/);
  });
});
