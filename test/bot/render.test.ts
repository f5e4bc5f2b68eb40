import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answer, AnswerPassage } from '../../src/search/answer.ts';
import { renderAnswer } from '../../src/bot/render/answer.ts';
import { escapeText, neutralizeMentions } from '../../src/bot/render/escape.ts';
import { excerpt } from '../../src/bot/render/excerpt.ts';
import { DiscordLimits, embedLength, truncate } from '../../src/bot/render/limits.ts';
import { limitProblems } from '../support/discord-limits.ts';
import { blockQuote, chunkText, markSegments } from '../../src/bot/render/markdown.ts';
import { packEmbeds, paginate } from '../../src/bot/render/paged.ts';
import { renderSpeakerQuotes } from '../../src/bot/render/quotes.ts';
import { renderSources } from '../../src/bot/render/sources.ts';
import { renderDigest } from '../../src/bot/render/briefing.ts';
import { renderReindexReport } from '../../src/bot/render/reindex.ts';
import type { Digest } from '../../src/briefing/digest.ts';
import type { BuildReport } from '../../src/index/build-index.ts';
import { citationLine, embedUrl } from '../../src/bot/render/citation.ts';
import { passageItem } from '../../src/bot/render/passage.ts';
import { maskedLinks } from '../support/discord-markdown.ts';

const ARABIC = 'وقال يوري أوشاكوف مساعد الكرملين للصحفيين إنه يتفهم مخاوف موسكو.';

function passage(text: string, overrides: Partial<AnswerPassage> = {}): AnswerPassage {
  return { id: 'a.txt#L1', file: 'a.txt', lineStart: 1, lineEnd: 1, text, score: 1, quotes: [{ start: 0, end: text.length }], alsoIn: [], ...overrides };
}

function answer(passages: AnswerPassage[], question = 'What did Ushakov say?'): Answer {
  return { question, language: 'en', status: 'answered', abstained: false, why: 'Passages that mention “ushakov”.', passages, coverage: 1, denseMargin: null };
}

/** Every page of a paged answer, and every full view, fits in a Discord message. */
function assertFits(paged: ReturnType<typeof renderAnswer>): void {
  for (const page of paged.pages) {
    assert.deepEqual(limitProblems(page), []);
    for (const full of page.full ?? []) assert.deepEqual(limitProblems({ embeds: full }), []);
  }
}

describe('escapeText', () => {
  it('GIVEN markdown in an article THEN escapes it so it shows as written', () => {
    assert.equal(escapeText('*bold* _it_ `code` ~~s~~ ||spoiler||'), '\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|spoiler\\|\\|');
    assert.equal(escapeText('# title'), '\\# title');
    assert.equal(escapeText('[click](https://evil.example)'), '\\[click\\]\\(https://evil.example\\)');
  });

  it('GIVEN Arabic text THEN leaves every character intact', () => {
    assert.equal(escapeText(ARABIC), ARABIC);
    assert.equal(escapeText('«قوة سيبيريا 2» – ٣١٪'), '«قوة سيبيريا 2» – ٣١٪');
  });

  it('GIVEN @everyone, @here, <@id>, <@!id> and <@&role> THEN breaks each with a zero-width space', () => {
    const out = neutralizeMentions('hi @everyone and @here, <@123456789012345678> <@!123456789012345678> <@&123456789012345678>');
    assert.doesNotMatch(out, /@everyone|@here|<@!?\d|<@&\d/);
    assert.equal(out.replaceAll('\u200b', ''), 'hi @everyone and @here, <@123456789012345678> <@!123456789012345678> <@&123456789012345678>');
  });

  it('GIVEN <#channel> THEN breaks it too, so it shows as text, not a channel link', () => {
    assert.equal(neutralizeMentions('see <#123456789012345678>'), 'see <#\u200b123456789012345678>');
  });

  it('GIVEN an e-mail address THEN leaves it alone', () => {
    assert.equal(neutralizeMentions('press@example.com'), 'press@example.com');
  });
});

describe('truncate', () => {
  it('GIVEN text within the limit THEN returns it unchanged', () => assert.equal(truncate('abc', 3), 'abc'));
  it('GIVEN longer text THEN cuts it to the limit ending with …', () => {
    const out = truncate('abcdef', 4);
    assert.equal(out, 'abc…');
    assert.equal(out.length, 4);
  });
  it('GIVEN a cut inside a surrogate pair THEN keeps the pair whole', () => {
    const out = truncate('ab😀cd', 4);
    assert.ok(out.length <= 4, 'expected out.length <= 4');
    assert.ok(!/[\ud800-\udbff]…$/.test(out), 'expected !/[\\ud800-\\udbff]…$/.test(out)');
  });
});

describe('excerpt', () => {
  const text = `${'مقدمة طويلة '.repeat(40)}${ARABIC} ${'خاتمة طويلة '.repeat(40)}`.trim();
  const start = text.indexOf(ARABIC);
  const quotes = [{ start, end: start + ARABIC.length }];

  it('GIVEN a short passage THEN shows all of it, the quote marked', () => {
    const shown = excerpt(ARABIC, [{ start: 0, end: ARABIC.length }], 900);
    assert.equal(shown.shortened, false);
    assert.deepEqual(shown.segments, [{ text: ARABIC, quoted: true }]);
  });

  it('GIVEN a long passage THEN keeps the whole quote, cuts context at spaces, and marks the cuts with …', () => {
    const shown = excerpt(text, quotes, 300);
    assert.equal(shown.shortened, true);
    const joined = shown.segments.map((s) => s.text).join('');
    assert.ok(joined.length <= 300, `length ${joined.length}`);
    assert.ok(joined.startsWith('…') && joined.endsWith('…'), 'expected joined.startsWith(\'…\') && joined.endsWith(\'…\')');
    assert.deepEqual(shown.segments.filter((s) => s.quoted).map((s) => s.text), [ARABIC]);
    // What is shown is verbatim text of the passage.
    assert.ok(text.includes(joined.slice(1, -1).trim()), 'expected text.includes(joined.slice(1, -1).trim())');
  });

  it('GIVEN a quote longer than the budget THEN shows its beginning only', () => {
    const shown = excerpt(text, [{ start: 0, end: text.length }], 100);
    const joined = shown.segments.map((s) => s.text).join('');
    assert.ok(joined.length <= 100, 'expected joined.length <= 100');
    assert.ok(text.startsWith(joined.replace(/…$/, '')), 'expected text.startsWith(joined.replace(/…$/, \'\'))');
  });
});

describe('markSegments and blockQuote', () => {
  it('GIVEN a quoted segment with spaces at its edges THEN bold markers hug the words', () => {
    assert.equal(markSegments([{ text: 'before ', quoted: false }, { text: ' quote ', quoted: true }, { text: 'after', quoted: false }]), 'before  **quote** after');
  });
  it('GIVEN several lines THEN quotes every one', () => {
    assert.equal(blockQuote('a\nb'), '> a\n> b');
  });
  it('GIVEN markdown inside the quote THEN it is escaped inside the bold', () => {
    assert.equal(markSegments([{ text: '*x*', quoted: true }]), '**\\*x\\***');
  });
});

describe('chunkText', () => {
  it('GIVEN long text THEN every chunk fits and nothing is lost', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${ARABIC}`).join('\n');
    const chunks = chunkText(text, 1000);
    assert.ok(chunks.every((c) => c.length <= 1000), 'expected chunks.every((c) => c.length <= 1000)');
    assert.equal(chunks.join('\n'), text);
  });
});

describe('packEmbeds and paginate', () => {
  const big = { title: 't', description: 'x'.repeat(2500) };
  it('GIVEN embeds over 6000 characters together THEN splits them into messages within the limit', () => {
    const groups = packEmbeds([big, big, big, big, big]);
    assert.deepEqual(groups.map((g) => g.length), [2, 2, 1]);
    assert.ok(groups.every((g) => g.reduce((n, e) => n + embedLength(e), 0) <= DiscordLimits.embedsTotal), 'expected groups.every((g) => g.reduce((n, e) => n + embedLength(e), 0) <= DiscordLimits.embedsTotal)');
  });
  it('GIVEN more than 10 small embeds THEN at most 10 per message', () => {
    const groups = packEmbeds(Array.from({ length: 23 }, () => ({ title: 'x' })));
    assert.deepEqual(groups.map((g) => g.length), [10, 10, 3]);
  });
  it('GIVEN 9 items, 4 per page THEN 3 pages numbered in the last footer of each', () => {
    const paged = paginate(Array.from({ length: 9 }, (_, i) => ({ embed: { title: `#${i}` } })), { header: 'h', perPage: 4 });
    assert.deepEqual(paged.pages.map((p) => p.embeds.length), [4, 4, 1]);
    assert.deepEqual(paged.pages.map((p) => p.embeds.at(-1)?.footer?.text), ['Page 1/3', 'Page 2/3', 'Page 3/3']);
  });
  it('GIVEN no items THEN one page with the header only', () => {
    assert.deepEqual(paginate([], { header: 'nothing' }).pages, [{ content: 'nothing', embeds: [] }]);
  });
  it('GIVEN a header over 2000 characters THEN cuts it', () => {
    assert.equal(paginate([], { header: 'x'.repeat(5000) }).pages[0]!.content.length, 2000);
  });
});

describe('renderAnswer', () => {
  it('GIVEN an Arabic passage THEN the embed quotes it intact in bold, titled with file and line', () => {
    const page = renderAnswer(answer([passage(ARABIC, { file: '000_x.txt', lineStart: 7, lineEnd: 7 })])).pages[0]!;
    assert.equal(page.embeds[0]!.title, '1. 000\\_x.txt · line 7');
    assert.equal(page.embeds[0]!.description, `> **${ARABIC}**`);
    assert.match(page.content, /^\*\*Q:\*\* What did Ushakov say\?\n/);
  });

  it('GIVEN a line range and near-duplicates THEN shows "lines a–b" and an "Also in" field', () => {
    const page = renderAnswer(answer([passage(ARABIC, { lineStart: 3, lineEnd: 5, alsoIn: [{ file: 'b.txt', lineStart: 9, lineEnd: 9 }] })])).pages[0]!;
    assert.equal(page.embeds[0]!.title, '1. a.txt · lines 3–5');
    assert.deepEqual(page.embeds[0]!.fields, [{ name: 'Also in', value: 'b.txt · line 9' }]);
  });

  it('GIVEN an abstention THEN says why, with no embeds', () => {
    const paged = renderAnswer({ ...answer([]), status: 'abstained', abstained: true, passages: [], why: 'Nothing in the articles answers that closely enough.' });
    assert.equal(paged.pages.length, 1);
    assert.deepEqual(paged.pages[0]!.embeds, []);
    assert.match(paged.pages[0]!.content, /Nothing in the articles answers that/);
  });

  it('GIVEN a question and a passage with @everyone and <@123> THEN neither can render as a mention', () => {
    const evil = 'تحذير @everyone من <@123456789012345678> و @here';
    const paged = renderAnswer(answer([passage(evil)], '@everyone what did <@123456789012345678> say?'));
    // What is posted: the pages (the answer itself travels with them for its feedback record, never posted).
    const text = JSON.stringify(paged.pages);
    assert.doesNotMatch(text, /@everyone|@here|<@\d/);
  });

  it('GIVEN markdown in an article THEN it is escaped in the embed', () => {
    const page = renderAnswer(answer([passage('a **b** [c](http://x)')])).pages[0]!;
    assert.equal(page.embeds[0]!.description, '> **a \\*\\*b\\*\\* \\[c\\]\\(http://x\\)**');
  });

  it('GIVEN ten passages of 4000 characters THEN every page and full view fits Discord, with a full view per page', () => {
    const long = `${'كلمة '.repeat(400)}${ARABIC} ${'نص '.repeat(400)}`.trim();
    const at = long.indexOf(ARABIC);
    const passages = Array.from({ length: 10 }, (_, i) => passage(long, { id: `p${i}`, lineStart: i + 1, lineEnd: i + 1, quotes: [{ start: at, end: at + ARABIC.length }] }));
    const paged = renderAnswer(answer(passages));
    assertFits(paged);
    assert.ok(paged.pages.length >= 3, 'expected paged.pages.length >= 3');
    assert.ok(paged.pages.every((p) => p.full && p.full.length > 0), 'expected paged.pages.every((p) => p.full && p.full.length > 0)');
    const shownTitles = paged.pages.flatMap((p) => p.embeds.map((e) => e.title));
    assert.equal(shownTitles.length, 10, 'every passage appears once');
    // The full view holds the passage verbatim (spread over embeds when needed).
    const fullText = paged.pages[0]!.full![0]!.map((e) => e.description).join('\n').replace(/^> /gm, '').replaceAll('**', '').replace(/\n/g, '');
    assert.ok(fullText.includes(long.slice(0, 500)), 'expected fullText.includes(long.slice(0, 500))');
  });

  it('GIVEN a 5000-character passage THEN its full view is split across embeds within 4096 each', () => {
    const huge = `${'ب'.repeat(10)} `.repeat(500).trim();
    const paged = renderAnswer(answer([passage(huge, { quotes: [{ start: 0, end: 30 }] })]));
    assertFits(paged);
    const full = paged.pages[0]!.full!.flat();
    assert.ok(full.length >= 2, 'expected full.length >= 2');
    assert.ok(full.every((e) => (e.description?.length ?? 0) <= DiscordLimits.embedDescription), 'expected full.every((e) => (e.description?.length ?? 0) <= DiscordLimits.embedDescription)');
  });

  it('GIVEN a 1000-character file name THEN the title is cut to 256', () => {
    const page = renderAnswer(answer([passage(ARABIC, { file: `${'x'.repeat(1000)}.txt` })])).pages[0]!;
    assert.equal(page.embeds[0]!.title!.length, DiscordLimits.embedTitle);
  });

  it('GIVEN a lexical-only engine THEN the footer says so', () => {
    const page = renderAnswer(answer([passage(ARABIC)]), { lexicalOnly: true }).pages[0]!;
    assert.equal(page.embeds[0]!.footer?.text, 'word matching only (no embedding model)');
  });
});

describe('renderSpeakerQuotes', () => {
  it('GIVEN quotes in two files THEN one embed per file, quotes with their lines, in order', () => {
    const a = passage(`مقدمة. ${ARABIC}`, { id: 'a#1', file: 'a.txt', lineStart: 2, lineEnd: 2, quotes: [{ start: 7, end: 7 + ARABIC.length }] });
    const b = passage(ARABIC, { id: 'b#1', file: 'b.txt', lineStart: 5, lineEnd: 5 });
    const paged = renderSpeakerQuotes('Ushakov', { speakers: [{ id: 1, name: 'يوري أوشاكوف', tokens: new Set(), descriptions: new Set(), quotes: [] }], passages: [a, b] });
    const page = paged.pages[0]!;
    assert.deepEqual(page.embeds.map((e) => e.title), ['a.txt', 'b.txt']);
    assert.equal(page.embeds[0]!.description, `**line 2**\n> ${ARABIC}`);
    assert.match(page.content, /يوري أوشاكوف/);
    assert.ok(page.full, 'a.txt showed only the quote: the full passage is available');
  });

  it('GIVEN no quotes THEN says so and suggests the list', () => {
    const paged = renderSpeakerQuotes('Nobody @everyone', { speakers: [], passages: [] });
    assert.match(paged.pages[0]!.content, /No quotes found/);
    assert.doesNotMatch(paged.pages[0]!.content, /@everyone/);
  });

  it('GIVEN 60 long quotes in one file THEN splits into continued embeds that fit', () => {
    const passages = Array.from({ length: 60 }, (_, i) => passage(`${ARABIC} `.repeat(8).trim(), { id: `p${i}`, lineStart: i + 1, lineEnd: i + 1 }));
    const paged = renderSpeakerQuotes('x', { speakers: [], passages });
    assertFits(paged);
    assert.ok(paged.pages.flatMap((p) => p.embeds).some((e) => e.title === 'a.txt (continued)'), 'expected paged.pages.flatMap((p) => p.embeds).some((e) => e.title === \'a.txt (continued)\')');
  });
});

describe('renderSources', () => {
  it('GIVEN stats THEN lists every file with its passages and a Discord timestamp', () => {
    const paged = renderSources({
      corpusDir: '/x',
      builtAt: '2024-01-01T00:00:00.000Z',
      dense: false,
      model: null,
      passages: 3,
      files: [{ file: 'a_b.txt', title: 'عنوان', passages: 3, indexedAt: '2024-01-01T00:00:00.000Z', firstIndexedAt: '2024-01-01T00:00:00.000Z' }],
      skipped: [{ file: 'bad.bin', reason: 'not UTF-8' }],
    });
    const page = paged.pages[0]!;
    assert.match(page.content, /1 article\(s\)\*\*, 3 passages; index built <t:1704067200:f>; word matching only/);
    assert.match(page.embeds[0]!.description!, /\*\*a\\_b\.txt\*\* · 3 passages · indexed <t:1704067200:R>\nعنوان/);
    assert.match(page.embeds[0]!.description!, /bad\.bin: not UTF-8/);
  });
});

describe('renderDigest', () => {
  const digest: Digest = {
    generatedAt: '2024-02-01T00:00:00.000Z',
    since: '2024-01-15T00:00:00.000Z',
    speakers: [
      {
        name: 'يوري أوشاكوف',
        latin: 'Yuri Ushakov',
        typeable: 'Yuri Ushakov',
        quotes: [{ text: ARABIC, english: { kind: 'gloss', text: 'and said Yuri Ushakov *that*' }, file: 'a.txt', lineStart: 7, lineEnd: 7 }],
        total: 4,
      },
    ],
    figures: [
      {
        figure: '31٪',
        english: '31 percent',
        kind: 'percent',
        sentence: 'زادت التجارة بنسبة 31٪.',
        sentenceEnglish: { kind: 'gloss', text: 'grew trade by 31 percent.' },
        file: 'a.txt',
        lineStart: 9,
        lineEnd: 9,
      },
    ],
    sources: [
      { file: 'a.txt', title: 'أ', passages: 3, indexedAt: '2024-01-01T00:00:00.000Z', firstIndexedAt: '2024-01-01T00:00:00.000Z', isNew: false },
      { file: 'b.txt', passages: 2, indexedAt: '2024-01-20T00:00:00.000Z', firstIndexedAt: '2024-01-20T00:00:00.000Z', isNew: true },
    ],
  };
  it('GIVEN a digest THEN shows who said what, figures with sentences, and marks new sources', () => {
    const paged = renderDigest(digest);
    const page = paged.pages[0]!;
    const titles = paged.pages.flatMap((p) => p.embeds.map((e) => e.title));
    assert.deepEqual(titles, ['Who said what', 'Key figures', 'Sources']);
    assert.match(page.content, /1 article\(s\) new since the last briefing/);
    const arabic = paged.pages.flatMap((p) => p.embeds.map((e) => e.description)).join('\n');
    assert.match(arabic, new RegExp(`\\*\\*Yuri Ushakov\\*\\* \\(يوري أوشاكوف\\)\\n> ${ARABIC.replace('.', '\\.')}\\n— a\\.txt · line 7`));
    assert.match(arabic, /…and 3 more: \/quote Yuri Ushakov/);
    assert.match(arabic, /\*\*31 percent\*\* \(31٪\)\n> زادت التجارة بنسبة 31٪\.\n— a\.txt · line 9/);
    assert.match(arabic, /🆕 \*\*b\.txt\*\*/);
    assert.doesNotMatch(arabic, /🆕 \*\*a\.txt\*\*/);
  });
  it('GIVEN a digest THEN opens in English: each quote and figure sentence with its gloss, labelled and escaped', () => {
    const paged = renderDigest(digest);
    assert.equal(paged.showEnglish, true);
    const english = paged.pages.flatMap((p) => (p.english ?? p.embeds).map((e) => e.description)).join('\n');
    assert.match(english, new RegExp(`> ${ARABIC.replace('.', '\\.')}\\n🇬🇧 \\*word-by-word gloss:\\* and said Yuri Ushakov \\\\\\*that\\\\\\*\\n— a\\.txt · line 7`));
    assert.match(english, /> زادت التجارة بنسبة 31٪\.\n🇬🇧 \*word-by-word gloss:\* grew trade by 31 percent\.\n— a\.txt · line 9/);
    assert.equal(renderDigest(digest, { showEnglish: false }).showEnglish, undefined, 'ANSWER_LANGUAGE=ar opens on the Arabic');
  });
  it('GIVEN a topic with nothing found THEN says why', () => {
    const paged = renderDigest({ ...digest, topic: 'xyz', nothingFound: 'Nothing in the articles answers that closely enough.' });
    assert.equal(paged.pages.length, 1);
    assert.match(paged.pages[0]!.content, /Briefing on “xyz”\*\*\nNothing in the articles/);
  });
});

describe('renderReindexReport', () => {
  const base = { upToDate: false, added: ['new.txt'], changed: [], removed: ['old.txt'], unchanged: 4, skipped: [], passages: 70, embedded: 0, reused: 0, dense: false } as unknown as BuildReport;
  it('GIVEN changes THEN names the added and removed files', () => {
    const text = renderReindexReport(base, 1.234);
    assert.match(text, /^Reindexed \(1\.2 s\): 70 passages; 1 added, 0 changed, 1 removed, 4 unchanged file\(s\)\./);
    assert.match(text, /\*\*Added\*\* \(1\): new\.txt/);
    assert.match(text, /\*\*Removed\*\* \(1\): old\.txt/);
  });
  it('GIVEN nothing changed THEN says it was up to date', () => {
    assert.match(renderReindexReport({ ...base, upToDate: true }, 0.1), /already up to date/);
  });
});

// Issue 20, case 8: a title `Read the statement](https://evil.example/login) [more` became a masked
// link to evil.example; discord.js escapes only the first masked link of a line; `javascript:` urls
// were cited and put into embed urls.
describe('links in what the bot posts', () => {
  const HOSTILE_TITLE = 'Read the statement](https://evil.example/login) [more';
  const TWO_LINKS = 'قال الوزير [اقرأ البيان](https://evil.example/one) ثم [التفاصيل](https://evil.example/two) في النهاية <https://evil.example/three> <t:0:R>';

  it('GIVEN article text with two masked links on one line THEN neither survives escaping', () => {
    assert.deepEqual(maskedLinks(escapeText(TWO_LINKS)), []);
    assert.deepEqual(maskedLinks(markSegments([{ text: TWO_LINKS, quoted: true }])), []);
    assert.doesNotMatch(escapeText(TWO_LINKS), /(^|[^\\])<(https|t:)/, 'an autolink or timestamp bracket survived');
  });

  it('GIVEN a title that closes the link and opens another THEN the citation links the article only', () => {
    const line = citationLine({ title: HOSTILE_TITLE, url: 'https://news.example/a', outlet: '[x](https://evil.example/o)' });
    assert.deepEqual(maskedLinks(line).map((l) => l.url), ['https://news.example/a'], line);
    assert.match(line, /Read the statement］/);
  });

  it('GIVEN a javascript: or data: url THEN no link and no embed url; the title stays as text', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', '//evil.example/x', 'https://user:pw@example.com/']) {
      const line = citationLine({ title: 'عنوان', url });
      assert.deepEqual(maskedLinks(line), [], `${url}: ${line}`);
      assert.equal(line, 'عنوان');
      assert.deepEqual(embedUrl({ url }), {});
      const item = passageItem(passage('نص', { article: { title: 'عنوان', url } }), 1);
      assert.equal(item.embed.url, undefined, url);
    }
  });

  it('GIVEN a link with parentheses and spaces THEN it stays one link to the same address', () => {
    const line = citationLine({ title: 't', url: 'https://example.com/wiki/A_(b) c' });
    assert.deepEqual(maskedLinks(line), [{ text: 't', url: 'https://example.com/wiki/A_%28b%29%20c' }]);
  });

  it('GIVEN hostile text in every renderer THEN every masked link posted goes to the article', () => {
    const article = { title: HOSTILE_TITLE, url: 'https://news.example/a', outlet: 'Outlet](https://evil.example)' };
    const hostile = passage(TWO_LINKS, { file: '[f](https://evil.example/f).md', article, alsoIn: [{ file: '[g](https://evil.example/g).md', lineStart: 1, lineEnd: 1 }] });
    const texts = [
      ...renderAnswer(answer([hostile])).pages.flatMap((p) => [p.content, ...p.embeds.map(embedText)]),
      ...renderSpeakerQuotes('[s](https://evil.example/s)', { speakers: [{ name: '[n](https://evil.example/n)', quotes: 1 }], passages: [hostile] } as never).pages.flatMap((p) => [p.content, ...p.embeds.map(embedText)]),
      ...renderSources({ corpusDir: 'c', builtAt: '2025-01-01T00:00:00Z', dense: false, model: null, passages: 1, files: [{ file: hostile.file, article, passages: 1, indexedAt: 'x](https://evil.example)', firstIndexedAt: '2025-01-01T00:00:00Z' }], skipped: [{ file: '[k](https://evil.example/k)', reason: '[r](https://evil.example/r)' }] }).pages.flatMap((p) => [p.content, ...p.embeds.map(embedText)]),
    ];
    for (const text of texts) for (const link of maskedLinks(text)) assert.equal(link.url, 'https://news.example/a', `a posted link leads elsewhere: ${text.slice(0, 300)}`);
  });
});

function embedText(embed: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }): string {
  return [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text ?? ''].join('\n');
}
