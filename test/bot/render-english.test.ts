import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderAnswer } from '../../src/bot/render/answer.ts';
import { DiscordLimits, embedLength } from '../../src/bot/render/limits.ts';
import { passageItem } from '../../src/bot/render/passage.ts';
import type { Answer, AnswerPassage } from '../../src/search/answer.ts';

const TEXT = 'وقال يوري أوشاكوف للصحفيين إن التجارة زادت.';

function passage(english: AnswerPassage['english'], n = 1): AnswerPassage {
  return { id: `p${n}`, file: 'a.txt', lineStart: n, lineEnd: n, text: TEXT, score: 1, quotes: [{ start: 0, end: TEXT.length }], alsoIn: [], ...(english ? { english } : {}) };
}

describe('the English of a passage in Discord', () => {
  it('GIVEN a gloss THEN the English form shows it under the Arabic, labelled, the Arabic form without it', () => {
    const item = passageItem(passage({ kind: 'gloss', text: 'and said Yuri Ushakov' }), 1);
    assert.ok(!item.embed.description!.includes('🇬🇧'), item.embed.description);
    assert.match(item.english!.description!, /^> \*\*وقال يوري أوشاكوف للصحفيين إن التجارة زادت\.\*\*\n🇬🇧 \*word-by-word gloss:\* and said Yuri Ushakov$/);
  });
  it('GIVEN a machine translation THEN it is labelled so; in "en" placement it replaces the Arabic', () => {
    const item = passageItem(passage({ kind: 'translation', text: 'Ushakov told reporters that trade grew.' }), 1, undefined, 'en');
    assert.equal(item.english!.description, '🇬🇧 *machine translation:* Ushakov told reporters that trade grew.');
  });
  it('GIVEN English with markdown or mentions (it carries article text) THEN it is escaped like the articles', () => {
    const item = passageItem(passage({ kind: 'gloss', text: '@everyone **bold** <@123456789012345678> [x](https://e.example)' }), 1);
    const line = item.english!.description!.split('\n').at(-1)!;
    assert.doesNotMatch(line, /@everyone|\*\*bold\*\*|<@\d/);
    assert.match(line, /\\\*\\\*bold\\\*\\\*/);
  });
  it('GIVEN an English question THEN pages open in English; every page fits Discord with its English shown', () => {
    const long = 'word '.repeat(400);
    const answer: Answer = {
      question: 'What did Ushakov say?', language: 'en', status: 'answered', abstained: false, why: 'x', coverage: 1, denseMargin: null,
      passages: Array.from({ length: 8 }, (_, i) => passage({ kind: 'gloss', text: long }, i + 1)),
    };
    const paged = renderAnswer(answer, { language: 'both' });
    assert.equal(paged.showEnglish, true);
    for (const page of paged.pages) {
      const english = page.english ?? page.embeds;
      assert.ok(english.reduce((sum, embed) => sum + embedLength(embed), 0) <= DiscordLimits.embedsTotal, 'within 6000 characters');
      assert.equal(english.length, page.embeds.length, 'the same passages with and without English');
    }
    assert.equal(renderAnswer(answer, { language: 'ar' }).showEnglish, undefined);
  });
});
