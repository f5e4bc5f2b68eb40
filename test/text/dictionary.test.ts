import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  DEFAULT_DICTIONARY_PATH,
  decodeDictdNumber,
  englishLemmaCandidates,
  loadDictionary,
  parseTranslations,
  type BilingualDictionary,
} from '../../src/text/dictionary.ts';
import { encodeDictdNumber, writeDictdDictionary as writeFixtureDictionary } from '../support/fixture-dictionary.ts';
import { observed } from '../support/observed.ts';

describe('englishLemmaCandidates', () => {
  it('lists the word itself first, lower-cased', () => {
    assert.equal(englishLemmaCandidates('Talks')[0], 'talks');
  });

  it('strips a plural -s', () => {
    assert.deepEqual(englishLemmaCandidates('talks'), ['talks', 'talk']);
  });

  it('turns -ies into -y', () => {
    assert.equal(englishLemmaCandidates('countries')[1], 'country');
  });

  it('strips -es after a sibilant', () => {
    assert.ok(englishLemmaCandidates('taxes').includes('tax'), `englishLemmaCandidates('taxes'): ${observed(englishLemmaCandidates('taxes'))}`);
  });

  it('strips -ed and -ing, undoing a doubled consonant', () => {
    assert.ok(englishLemmaCandidates('talked').includes('talk'), `englishLemmaCandidates('talked'): ${observed(englishLemmaCandidates('talked'))}`);
    assert.ok(englishLemmaCandidates('talking').includes('talk'), `englishLemmaCandidates('talking'): ${observed(englishLemmaCandidates('talking'))}`);
    assert.ok(englishLemmaCandidates('stopped').includes('stop'), `englishLemmaCandidates('stopped'): ${observed(englishLemmaCandidates('stopped'))}`);
    assert.ok(englishLemmaCandidates('running').includes('run'), `englishLemmaCandidates('running'): ${observed(englishLemmaCandidates('running'))}`);
  });

  it('prefers restoring a silent e after consonant-vowel-consonant ("hoping" -> "hope" before "hop")', () => {
    const candidates = englishLemmaCandidates('hoping');
    assert.ok(candidates.indexOf('hope') < candidates.indexOf('hop'), candidates.join(','));
  });

  it('knows irregular forms', () => {
    assert.deepEqual(englishLemmaCandidates('said'), ['said', 'say']);
    assert.ok(englishLemmaCandidates('went').includes('go'), `englishLemmaCandidates('went'): ${observed(englishLemmaCandidates('went'))}`);
    assert.ok(englishLemmaCandidates('children').includes('child'), `englishLemmaCandidates('children'): ${observed(englishLemmaCandidates('children'))}`);
  });

  it("drops a possessive 's", () => {
    assert.deepEqual(englishLemmaCandidates("Russia's"), ['russia']);
    assert.deepEqual(englishLemmaCandidates('Russia’s'), ['russia']);
  });

  it('does not strip -s from words ending in -ss, -us or -is, nor leave stems under 3 letters', () => {
    assert.deepEqual(englishLemmaCandidates('class'), ['class']);
    assert.deepEqual(englishLemmaCandidates('status'), ['status']);
    assert.deepEqual(englishLemmaCandidates('gas'), ['gas']);
  });

  it('returns nothing for an empty word', () => {
    assert.deepEqual(englishLemmaCandidates('  '), []);
  });
});

describe('decodeDictdNumber', () => {
  it('reads dictd base64, most significant digit first', () => {
    assert.equal(decodeDictdNumber('A'), 0);
    assert.equal(decodeDictdNumber('B'), 1);
    assert.equal(decodeDictdNumber('/'), 63);
    assert.equal(decodeDictdNumber('BA'), 64);
    assert.equal(decodeDictdNumber('LFAm'), ((11 * 64 + 5) * 64 + 0) * 64 + 38);
  });

  it('is NaN for characters outside the alphabet or an empty string', () => {
    assert.ok(Number.isNaN(decodeDictdNumber('A=')), `decodeDictdNumber('A='): ${observed(decodeDictdNumber('A='))}`);
    assert.ok(Number.isNaN(decodeDictdNumber('')), `decodeDictdNumber(''): ${observed(decodeDictdNumber(''))}`);
  });
});

describe('parseTranslations', () => {
  it('skips the headword line and keeps the Arabic line', () => {
    assert.deepEqual(parseTranslations('Treaty /tɹˈiːti/\nالمعاهدة\n'), ['المعاهده']);
  });

  it('strips sense numbers and keeps each sense', () => {
    assert.deepEqual(parseTranslations('Meet /mˈiːt/\n1. اجتمع\n2. قابل\n'), ['اجتمع', 'قابل']);
  });

  it('splits alternatives on Arabic and Latin commas, semicolons and slashes', () => {
    assert.deepEqual(parseTranslations('X /x/\nهدنة، وقف إطلاق النار; تهدئة, سلام/أمن\n'), [
      'هدنه',
      'وقف اطلاق النار',
      'تهديه',
      'سلام',
      'امن',
    ]);
  });

  it('drops a gloss after " - " or ":" and parenthesised remarks', () => {
    assert.deepEqual(parseTranslations('Volga /vˈɒlɡə/\nالفولغا - نهر في روسيا\n'), ['الفولغا']);
    assert.deepEqual(parseTranslations('Kvass /kvˈas/\nالكفاس: شراب روسي\n'), ['الكفاس']);
    assert.deepEqual(parseTranslations('Rook /ɹˈʊk/\nالرخ (في الشطرنج)\n'), ['الرخ']);
    assert.deepEqual(parseTranslations('Rook /ɹˈʊk/\nالرخ (في الشطرنج\n'), ['الرخ']);
  });

  it('removes diacritics and folds letters as normalizeText does', () => {
    assert.deepEqual(parseTranslations('Talk /tˈɔːk/\nالكَلام، رئيس\n'), ['الكلام', 'رييس']);
  });

  it('drops alternatives containing Latin words and trailing "::" markers', () => {
    assert.deepEqual(parseTranslations('Zed /zˈɛd/\nالحرف Z، زد ::\n'), ['زد']);
  });

  it('keeps the word after an "abbreviation of" marker', () => {
    assert.deepEqual(parseTranslations('Nat /nˈat/\nإختصار لـ وطني\n'), ['وطني']);
  });

  it('returns nothing for a body without Arabic', () => {
    assert.deepEqual(parseTranslations('Quadrillion /kwɒdɹˈɪliən/\n1,000,000,000,000,000\n'), []);
  });
});

describe('loadDictionary', () => {
  it('GIVEN a missing path THEN fails with a reason naming the path', () => {
    const result = loadDictionary('/nonexistent/dictd/freedict-eng-ara.index');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason.includes('/nonexistent/dictd/freedict-eng-ara.index'), JSON.stringify(result));
  });

  it('GIVEN an index without its .dict.dz THEN fails naming the missing data file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dictd-broken-'));
    try {
      writeFileSync(join(dir, 'freedict-eng-ara.index'), 'war\tA\tB\n');
      const result = loadDictionary(dir);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.reason.includes('freedict-eng-ara.dict.dz'), JSON.stringify(result));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN a file that is not a dictd index THEN fails saying so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dictd-broken-'));
    try {
      writeFileSync(join(dir, 'freedict-eng-ara.index'), 'just some text\n');
      writeFileSync(join(dir, 'freedict-eng-ara.dict.dz'), gzipSync(Buffer.from('x')));
      const result = loadDictionary(dir);
      assert.ok(!result.ok && result.reason.includes('not a dictd index'), JSON.stringify(result));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('GIVEN a small dictd dictionary', () => {
    let dir = '';
    let dictionary: BilingualDictionary;
    before(() => {
      dir = writeFixtureDictionary([
        ['Talk', 'Talk /tˈɔːk/\nالكلام\n'],
        ['Talks', 'Talks /tˈɔːks/\nالمحادثات\n'],
        ['Say', 'Say /sˈeɪ/\nقل\n'],
        ['Said', 'Said /sˈɛd/\nقيل\n'],
        ['Treaty', 'Treaty /tɹˈiːti/\n1. المعاهدة\n2. الاتفاقية\n'],
        ['Bin Laden', 'Bin Laden /bˈɪn lˈeɪdən/\nبن لادن\n'],
      ]);
      const result = loadDictionary(dir);
      assert.ok(result.ok, result.ok ? '' : result.reason);
      dictionary = result.dictionary;
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('counts its headwords, not the 00database entries', () => {
      assert.equal(dictionary.headwordCount, 6);
    });

    it('translates a word whatever its case', () => {
      assert.deepEqual(dictionary.translate('Treaty'), ['المعاهده', 'الاتفاقيه']);
      assert.deepEqual(dictionary.translate('TREATY'), ['المعاهده', 'الاتفاقيه']);
    });

    it('prefers the inflected entry when there is one', () => {
      assert.deepEqual(dictionary.translate('talks'), ['المحادثات']);
    });

    it('falls back to the base form of an inflection it lacks', () => {
      assert.deepEqual(dictionary.translate('talking'), ['الكلام']);
      assert.deepEqual(dictionary.translate('talked'), ['الكلام']);
      assert.deepEqual(dictionary.translate('treaties'), ['المعاهده', 'الاتفاقيه']);
    });

    it('adds the base form translations when asked (forms: withBase)', () => {
      assert.deepEqual(dictionary.translate('said'), ['قيل']);
      assert.deepEqual(dictionary.translate('said', { forms: 'withBase' }), ['قيل', 'قل']);
    });

    it('translates multi-word headwords', () => {
      assert.deepEqual(dictionary.translate('bin laden'), ['بن لادن']);
    });

    it('returns an empty array for an unknown word', () => {
      assert.deepEqual(dictionary.translate('Ushakov'), []);
      assert.deepEqual(dictionary.translate(''), []);
    });

    it('finds a differently named dictionary when it is the only one in the folder', () => {
      const other = mkdtempSync(join(tmpdir(), 'dictd-renamed-'));
      try {
        for (const ext of ['.index', '.dict.dz']) {
          writeFileSync(join(other, `eng-ara${ext}`), readFileSync(join(dir, `freedict-eng-ara${ext}`)));
        }
        const result = loadDictionary(other);
        assert.ok(result.ok && result.dictionary.translate('say')[0] === 'قل', JSON.stringify(result));
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('accepts the .index path as well as the folder', () => {
      const result = loadDictionary(join(dir, 'freedict-eng-ara.index'));
      assert.ok(result.ok, `not loaded: ${observed(result)}`);
      assert.equal(result.dictionary.translate('say')[0], 'قل');
    });
  });
});

describe('the installed FreeDict eng-ara dictionary', () => {
  const indexPath = `${DEFAULT_DICTIONARY_PATH}.index`;
  const installed = existsSync(indexPath);
  let dictionary: BilingualDictionary | undefined;
  before(() => {
    if (!installed) return;
    const result = loadDictionary();
    assert.ok(result.ok, result.ok ? '' : result.reason);
    dictionary = result.dictionary;
  });

  /** Runs `body` with the dictionary, or skips with a message when the package is not installed. */
  const withDictionary = (body: (d: BilingualDictionary) => void) => (t: TestContext) => {
    if (!dictionary) {
      t.skip(`${indexPath} is absent: install the Debian package dict-freedict-eng-ara`);
      return;
    }
    body(dictionary);
  };

  it(
    'loads with over 80,000 headwords',
    withDictionary((d) => {
      assert.ok(d.headwordCount > 80_000, String(d.headwordCount));
    }),
  );

  it(
    'translates "sanctions" to something containing عقوبات',
    withDictionary((d) => {
      assert.ok(d.translate('sanctions').some((t) => t.includes('عقوبات')), d.translate('sanctions').join(' | '));
    }),
  );

  it(
    'resolves "talks", "talked" and "talking"',
    withDictionary((d) => {
      for (const word of ['talks', 'talked', 'talking']) assert.ok(d.translate(word).length > 0, word);
    }),
  );

  it(
    'translates "said" together with "say" when asked for base forms',
    withDictionary((d) => {
      const said = d.translate('said', { forms: 'withBase' });
      for (const t of d.translate('say')) assert.ok(said.includes(t), said.join(' | '));
    }),
  );

  it(
    'translates capitalised country names',
    withDictionary((d) => {
      assert.ok(d.translate('France').includes('فرنسا'), `d.translate('France'): ${observed(d.translate('France'))}`);
      assert.ok(d.translate('Russia').includes('روسيا'), `d.translate('Russia'): ${observed(d.translate('Russia'))}`);
    }),
  );

  it(
    'gives war, president and relations their usual Arabic words',
    withDictionary((d) => {
      assert.ok(d.translate('war').some((t) => t.includes('حرب')), `d.translate('war'): ${observed(d.translate('war'))}`);
      assert.ok(d.translate('president').some((t) => t.includes('رييس')), `d.translate('president'): ${observed(d.translate('president'))}`);
      assert.ok(d.translate('relations').some((t) => t.includes('علاقات')), `d.translate('relations'): ${observed(d.translate('relations'))}`);
    }),
  );

  it(
    'returns normalised Arabic only: no diacritics, no Latin letters',
    withDictionary((d) => {
      for (const word of ['say', 'trade', 'gas', 'visit', 'third', 'term', 'position', 'water', 'capital', 'war']) {
        for (const t of d.translate(word)) assert.match(t, /^[\u0621-\u064A]+( [\u0621-\u064A]+)*$/, `${word}: ${t}`);
      }
    }),
  );

  it(
    'knows nothing of a name it does not list',
    withDictionary((d) => {
      assert.deepEqual(d.translate('Ushakov'), []);
    }),
  );
});
