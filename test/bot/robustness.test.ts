/**
 * The pure pieces behind the bot's defences: what counts as a question, and log redaction.
 * (robustness.e2e.test.ts drives the same through the real client and the emulator.)
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { DiscordAPIError } from 'discord.js';
import { createClient } from '../../src/bot/client.ts';
import { checkQuestion, cleanQuestion, QuestionMessages } from '../../src/bot/question.ts';
import { redactingLogger, redactor, redactValue } from '../../src/bot/redact.ts';
import { captureLogger } from './harness.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const OTHER_TOKEN = 'OTk5OTk5OTk5OTk5OTk5OTk5.XyZ123.ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210-_';

describe('cleanQuestion', () => {
  it('GIVEN zero-width, bidi and control characters THEN removes them; line breaks become spaces', () => {
    assert.equal(cleanQuestion('\u202eWhat did Ush\u200bakov\u200f say?\u202c'), 'What did Ushakov say?');
    assert.equal(cleanQuestion('\u2066ماذا\u2069 قال\u00ad أوشاكوف؟\ufeff'), 'ماذا قال أوشاكوف؟');
    assert.equal(cleanQuestion('line one\nline\ttwo\u0000\u0007'), 'line one line two');
  });
  it('GIVEN Arabic text THEN leaves its letters, marks and punctuation alone', () => {
    assert.equal(cleanQuestion('  كم بلغ حجم التبادل التجاري؟ ٣١٪  '), 'كم بلغ حجم التبادل التجاري؟ ٣١٪');
  });
});

describe('checkQuestion', () => {
  it('GIVEN nothing, spaces, punctuation, emoji or invisible characters only THEN empty, with an example of what to ask', () => {
    for (const raw of [null, '', '   ', '?!…', '؟؟ ، .', '🙂🙂 👍', '\u200b\u200c\u200d\u2060\ufeff', '\u202e\u202d\u2066', '** __ ~~ ||']) {
      const checked = checkQuestion(raw);
      assert.equal(checked.ok, false, JSON.stringify(raw));
      assert.equal(!checked.ok && checked.message, QuestionMessages.empty());
    }
    assert.match(QuestionMessages.empty(), /^There is nothing to search for in that question \(no letters or numbers\)\. Ask about the articles, e\.g\. “What did Ushakov say\?”/);
  });
  it('GIVEN more than 1000 characters THEN too long, stating the length and the limit', () => {
    const checked = checkQuestion('x'.repeat(20_000));
    assert.deepEqual(checked, {
      ok: false,
      problem: 'too-long',
      length: 20_000,
      message: 'That question is 20,000 characters long; the limit is 1,000 characters. Please ask something shorter, e.g. “What did Ushakov say?”.',
    });
    assert.equal(checkQuestion('x'.repeat(1001)).ok, false);
    assert.equal(checkQuestion(` ${'x'.repeat(1000)} `).ok, true, 'the limit counts the trimmed text, as the engine does');
  });
  it('GIVEN a question with a letter or a digit THEN ok, cleaned', () => {
    assert.deepEqual(checkQuestion(' \u200bwhat did\nUshakov say? '), { ok: true, question: 'what did Ushakov say?' });
    assert.deepEqual(checkQuestion('2021?'), { ok: true, question: '2021?' });
  });
  it('GIVEN a noun THEN the messages use it', () => {
    assert.match((checkQuestion('??', 'topic') as { message: string }).message, /^There is nothing to search for in that topic/);
  });
});

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
    assert.ok(copy instanceof DiscordAPIError, 'expected copy instanceof DiscordAPIError');
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
    assert.ok(logs[1]!.args[1] instanceof Error, 'expected logs[1]!.args[1] instanceof Error');
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
