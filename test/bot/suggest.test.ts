import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suggestFiles, suggestSpeakers } from '../../src/bot/suggest.ts';

describe('suggestions', () => {
  const files = [
    { file: '000_a.txt', title: 'بوتين وشي' },
    { file: '001_b.txt', title: 'Sanctions' },
  ];
  it('GIVEN typed text THEN files whose name or headline match, at most 25', () => {
    assert.deepEqual(suggestFiles(files, '001').map((c) => c.value), ['001_b.txt']);
    assert.deepEqual(suggestFiles(files, 'بوتين').map((c) => c.value), ['000_a.txt']);
    assert.deepEqual(suggestFiles(files, '').map((c) => c.value), ['000_a.txt', '001_b.txt']);
    const many = Array.from({ length: 40 }, (_, i) => ({ file: `${i}.txt` }));
    assert.equal(suggestFiles(many, '').length, 25);
  });
  it('GIVEN a long title THEN the choice name is cut to 100', () => {
    const { name } = suggestFiles([{ file: 'a.txt', title: 'ع'.repeat(300) }], '')[0]!;
    assert.ok(name.length <= 100, `${name.length} characters: ${name}`);
  });
  it('GIVEN a speaker typed in Arabic or resolved from Latin THEN suggests them with their quote count', () => {
    const speakers = [
      { name: 'يوري أوشاكوف', quotes: 14 },
      { name: 'شي جين بينج', quotes: 1 },
    ];
    assert.deepEqual(suggestSpeakers(speakers, 'اوشاكوف'), [{ name: 'يوري أوشاكوف (14 quotes)', value: 'يوري أوشاكوف' }]);
    assert.deepEqual(suggestSpeakers(speakers, 'Ushakov', ['يوري أوشاكوف']).map((c) => c.value), ['يوري أوشاكوف']);
    assert.deepEqual(suggestSpeakers(speakers, 'شي').map((c) => c.name), ['شي جين بينج (1 quote)']);
  });
});
