import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { words } from '../../../src/search/speakers/reported-speech.ts';
import { sameName, SpeakerRegistry } from '../../../src/search/speakers/speaker-registry.ts';

describe('sameName', () => {
  it('joins two spellings with one consonant skeleton, not short names that merely share one', () => {
    assert.equal(sameName('بوتين', 'بوتن'), true);
    assert.equal(sameName('بوتين', 'بايدن'), false);
    assert.equal(sameName('شي', 'شاي'), false);
  });
});

describe('SpeakerRegistry', () => {
  it('merges the forms of one name and keeps the fullest for display', () => {
    const registry = new SpeakerRegistry();
    const short = registry.add(words('أوشاكوف'));
    const full = registry.add(words('يوري أوشاكوف'));
    const other = registry.add(words('سيرغي لافروف'));
    assert.equal(full, short);
    assert.notEqual(other, short);
    assert.equal(registry.get(short).name, 'يوري أوشاكوف');
    assert.equal(registry.byToken('يوري'), short);
    assert.equal(registry.byToken('لافروف'), other);
    assert.equal(registry.all().length, 2);
  });
});
