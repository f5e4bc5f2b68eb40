import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePassage, type Passage } from '../../../src/corpus/passages.ts';
import { words } from '../../../src/search/speakers/reported-speech.ts';
import { SpeakerRegistry } from '../../../src/search/speakers/speaker-registry.ts';
import { FirstMentions, titleAssociations, titledNameWords } from '../../../src/search/speakers/titles.ts';

function article(file: string, paragraphs: string[]): Passage[] {
  return paragraphs.map((text, i) => makePassage({ id: `${file}#L${i + 1}`, file, lineStart: i + 1, lineEnd: i + 1, text, isTitle: i === 0 }));
}

const name = (text: string) => words(text);

describe('FirstMentions', () => {
  const passages = [
    ...article('a.txt', ['أسعار النفط ترتفع', 'وقال الرئيس الروسي فلاديمير بوتين إن السوق مستقرة.', 'وتحدث شي جين بينغ لاحقا.']),
    ...article('b.txt', ['قمة في بكين', 'استقبل شي جين بينغ ضيوفه.']),
    ...article('c.txt', ['لا أحد هنا', 'طقس معتدل اليوم.']),
  ];
  const registry = new SpeakerRegistry();
  const putin = registry.add(name('فلاديمير بوتين'));
  const xi = registry.add(name('شي جين بينغ'));
  const mentions = new FirstMentions(passages, registry);

  it('is the first speaker the file names, once the title comes at or after that passage', () => {
    assert.equal(mentions.upTo('a.txt', 1), putin);
    assert.equal(mentions.upTo('a.txt', 2), putin);
    assert.equal(mentions.upTo('b.txt', 4), xi);
  });

  it('is no one before the file names anybody, and for a file that names no one', () => {
    assert.equal(mentions.upTo('a.txt', 0), undefined);
    assert.equal(mentions.upTo('b.txt', 3), undefined);
    assert.equal(mentions.upTo('c.txt', 6), undefined);
    assert.equal(mentions.upTo('missing.txt', 6), undefined);
  });
});

describe('titleAssociations', () => {
  it('gives a nationality adjective to the speaker it stands before, and describes them by it when seen twice', () => {
    const passages = article('a.txt', ['عنوان', 'قال الرئيس الروسي فلاديمير بوتين إن …', 'وأكد الرئيس الروسي بوتين أن …', 'وقال الرئيس الصيني شي إن …']);
    const registry = new SpeakerRegistry();
    const putin = registry.add(name('فلاديمير بوتين'));
    const xi = registry.add(name('شي'));
    const associations = titleAssociations(passages, registry);
    assert.equal(associations.get('روسي'), putin);
    assert.equal(associations.get('صيني'), xi);
    assert.ok(registry.get(putin).descriptions.has('روسي'), [...registry.get(putin).descriptions].join(' '));
    assert.equal(registry.get(xi).descriptions.has('صيني'), false, 'seen once only');
  });
});

describe('titledNameWords', () => {
  it('collects the words written right after a title, up to punctuation or another title', () => {
    const passages = article('a.txt', ['عنوان', 'التقى الرئيس الأمريكي جو بايدن، في واشنطن، نظيره.']);
    const names = titledNameWords(passages, new SpeakerRegistry());
    assert.ok(names.has('جو') && names.has('بايدن'), [...names].join(' '));
    assert.equal(names.has('واشنطن'), false, [...names].join(' '));
  });
});
