import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { groupNearDuplicates } from '../../src/corpus/near-duplicates.ts';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import { readCorpus } from '../../src/corpus/read-corpus.ts';
import { defaultSettings } from '../../src/settings.ts';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

const STATEMENT = 'قال الرئيس الصيني إن البلدين يجب أن يعززا التعاون الاستراتيجي ويحميا السيادة الوطنية والأمن ومصالح التنمية لكل منهما.';
const OTHER = 'وتفاخر الكرملين بأن حجم التجارة الثنائية السنوية مع الصين قد تجاوز قبل الموعد المحدد الهدف البالغ 200 مليار دولار.';

describe('groupNearDuplicates', () => {
  it('groups the same statement carried by two outlets, with different punctuation, diacritics and hamza spellings', () => {
    const copy = 'وقال الرئيسُ الصيني إن البلدين يجب أن "يعززا التعاون الاستراتيجي، ويحميا السيادة الوطنية والامن ومصالح التنمية لكل منهما".';
    assert.deepEqual(groupNearDuplicates([STATEMENT, OTHER, copy], defaultSettings.nearDuplicates), [[0, 2]]);
  });

  it('groups a teaser that repeats part of a paragraph with that paragraph', () => {
    const paragraph = `${OTHER} وقال إن 90 في المائة من المعاملات بين البلدين مقومة بالروبل أو اليوان.`;
    const teaser = 'حجم التجارة الثنائية السنوية مع الصين قد تجاوز قبل الموعد المحدد الهدف البالغ 200 مليار دولار';
    assert.deepEqual(groupNearDuplicates([paragraph, STATEMENT, teaser], defaultSettings.nearDuplicates), [[0, 2]]);
  });

  it('does not group different statements, even about the same people', () => {
    const a = 'وقال يوري أوشاكوف مساعد الكرملين للصحفيين إن موسكو تتفهم مخاوف بكين بشأن تايوان وتدعم موقفها بالكامل.';
    const b = 'وقال يوري أوشاكوف مساعد الكرملين للصحفيين إن عددا من اتفاقيات الغاز قيد الإعداد ولم يحدد موعد التوقيع بعد.';
    assert.deepEqual(groupNearDuplicates([a, b, STATEMENT, OTHER], defaultSettings.nearDuplicates), []);
  });

  it('does not chain two different statements into one group through a short fragment both contain', () => {
    const a = 'وقال يوري أوشاكوف مساعد الكرملين للصحفيين إن موسكو تتفهم مخاوف بكين بشأن تايوان وتدعم موقفها بالكامل.';
    const b = 'وقال يوري أوشاكوف مساعد الكرملين للصحفيين إن عددا من اتفاقيات الغاز قيد الإعداد ولم يحدد موعد التوقيع بعد.';
    const fragment = 'يوري أوشاكوف مساعد الكرملين للصحفيين إن';
    const groups = groupNearDuplicates([a, b, fragment], defaultSettings.nearDuplicates);
    assert.ok(!groups.some((group) => group.includes(0) && group.includes(1)), `a and b grouped: ${JSON.stringify(groups)}`);
  });

  it('never groups passages shorter than minWords', () => {
    assert.deepEqual(groupNearDuplicates(['قال بوتين نعم', 'قال بوتين نعم'], defaultSettings.nearDuplicates), []);
  });

  it('groups exact repeats of one statement across three files into one group, in input order', () => {
    assert.deepEqual(groupNearDuplicates([OTHER, STATEMENT, OTHER, 'نص مختلف تماما عن كل ما سبق في هذا الاختبار القصير', STATEMENT, STATEMENT], defaultSettings.nearDuplicates), [[0, 2], [1, 4, 5]]);
  });

  it('finds none in the seed articles among Ushakov\'s different statements', async () => {
    const { documents } = await readCorpus(SEEDS);
    const passages = splitIntoPassages(documents, defaultSettings.passages).flatMap((d) => d.passages);
    const groups = groupNearDuplicates(passages.map((p) => p.text), defaultSettings.nearDuplicates);
    const ushakov = new Set(passages.flatMap((p, i) => (p.text.includes('أوشاكوف') ? [i] : [])));
    for (const group of groups) assert.ok(group.filter((i) => ushakov.has(i)).length <= 1, JSON.stringify(group.map((i) => passages[i]!.id)));
  });
});
