/**
 * The pure pieces behind the bot's defences: log redaction (what counts as a question is in
 * test/search/question-check.test.ts).
 * (robustness.e2e.test.ts drives the same through the real client and the emulator.)
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { DiscordAPIError } from 'discord.js';
import { createClient } from '../../src/bot/client.ts';
import { redactingLogger, redactor, redactValue } from '../../src/bot/redact.ts';
import { captureLogger } from './harness.ts';
import { observed } from '../support/observed.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const OTHER_TOKEN = 'OTk5OTk5OTk5OTk5OTk5OTk5.XyZ123.ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210-_';

describe('redactor', () => {
  const redact = redactor([TOKEN]);
  it('GIVEN the bot token, or anything shaped like a Discord token THEN [redacted]', () => {
    assert.equal(redact(`login with ${TOKEN} failed`), 'login with [redacted] failed');
    assert.equal(redact(`Authorization: Bot ${OTHER_TOKEN}`), 'Authorization: Bot [redacted]');
  });
  it('GIVEN a secret of any shape THEN it is replaced too', () => {
    assert.equal(redactor(['hunter2-but-longer'])('pw=hunter2-but-longer;'), 'pw=[redacted];');
  });
  it('GIVEN interaction tokens in webhook or callback URLs THEN they are redacted, the ids kept', () => {
    assert.equal(
      redact('PATCH /api/v10/webhooks/100000000000000001/aW50ZXJhY3Rpb246MTIz/messages/@original'),
      'PATCH /api/v10/webhooks/100000000000000001/[redacted]/messages/@original',
    );
    assert.equal(redact('/interactions/1234567/emulated_0a1b2c/callback'), '/interactions/1234567/[redacted]/callback');
  });
  it('GIVEN ordinary text, Arabic, ids and dotted names THEN unchanged', () => {
    const text = 'ماذا قال أوشاكوف؟ 000_cb77782f9c145f20.txt user 200000000000000042 v1.2.3';
    assert.equal(redact(text), text);
  });
});

describe('redactValue', () => {
  const redact = redactor([TOKEN]);
  it('GIVEN nothing secret THEN returns the very same value', () => {
    const error = new Error('fine');
    assert.equal(redactValue(error, redact), error);
    const object = { a: ['x', { b: 1 }] };
    assert.equal(redactValue(object, redact), object);
  });
  it('GIVEN an error mentioning the token THEN a copy of the same class with message, stack, cause and properties redacted', () => {
    const cause = new Error(`cause with ${TOKEN}`);
    const error = new DiscordAPIError({ message: `echo Bot ${TOKEN}`, code: 0 }, 0, 400, 'GET', `http://x/api/v10/gateway/bot?t=${TOKEN}`, { body: undefined, files: undefined });
    (error as { cause?: unknown }).cause = cause;
    const copy = redactValue(error, redact) as DiscordAPIError;
    assert.ok(copy instanceof DiscordAPIError, `copy: ${observed(copy)}`);
    assert.equal(copy.status, 400);
    assert.equal(copy.message, 'echo Bot [redacted]');
    assert.doesNotMatch(inspect(copy, { depth: 10 }), new RegExp(TOKEN));
    assert.match(inspect(copy, { depth: 10 }), /cause with \[redacted\]/);
    assert.equal(error.message, `echo Bot ${TOKEN}`, 'the original is left alone');
  });
  it('GIVEN a cycle THEN terminates', () => {
    const object: Record<string, unknown> = { text: TOKEN };
    object.self = object;
    const copy = redactValue(object, redact) as Record<string, unknown>;
    assert.equal(copy.text, '[redacted]');
  });
});

describe('redactingLogger', () => {
  it('GIVEN strings, errors and objects mentioning the token THEN the reporters never see it; level and types are kept', () => {
    const { logger, logs } = captureLogger();
    const safe = redactingLogger(logger, [TOKEN]);
    safe.info(`token is ${TOKEN}`);
    safe.error('failed:', new Error(`401 for ${OTHER_TOKEN}`), { headers: { authorization: `Bot ${TOKEN}` } });
    safe.warn({ message: `as object ${TOKEN}`, additional: [`more ${TOKEN}`] });
    safe.debug('plain');
    const text = inspect(logs, { depth: 10 });
    assert.doesNotMatch(text, new RegExp(`${TOKEN}|${OTHER_TOKEN}`));
    assert.deepEqual(logs.map((l) => l.type), ['info', 'error', 'warn', 'debug']);
    assert.equal(logs[0]!.args[0], 'token is [redacted]');
    assert.ok(logs[1]!.args[1] instanceof Error, `logs[1]!.args[1]: ${observed(logs[1]!.args[1])}`);
    assert.equal((logs[1]!.args[1] as Error).message, '401 for [redacted]');
    assert.equal(logs[3]!.args[0], 'plain');
  });
});

describe('createClient', () => {
  it('GIVEN defaults THEN idle REST queues (one per answered interaction) are swept every minute, not every hour', async () => {
    const client = createClient({ apiBase: 'http://127.0.0.1:9/api' });
    try {
      assert.equal(client.rest.options.handlerSweepInterval, 60_000);
      assert.equal(client.rest.options.api, 'http://127.0.0.1:9/api');
      assert.deepEqual(client.options.allowedMentions, { parse: [], repliedUser: false });
    } finally {
      await client.destroy();
    }
  });
});
