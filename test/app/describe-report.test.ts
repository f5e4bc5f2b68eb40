import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeReport } from '../../src/app/describe-report.ts';
import type { BuildReport } from '../../src/index/build-index.ts';

/** The fields describeReport reads; the index itself (graph, passages) plays no part in the sentence. */
function report(fields: Partial<BuildReport> & { files?: string[]; dir?: string }): BuildReport {
  const { files = [], dir = 'embeddings/seeds', ...rest } = fields;
  const index = { dir, manifest: { files: Object.fromEntries(files.map((file) => [file, {}])) } };
  return { upToDate: false, added: [], changed: [], removed: [], unchanged: 0, skipped: [], timings: {}, rssAfter: {}, heapAfter: {}, passages: 0, embedded: 0, reused: 0, dense: false, ...rest, index } as unknown as BuildReport;
}

describe('describeReport: one sentence on what opening the engine did', () => {
  it('GIVEN an index found up to date THEN files and passages, nothing embedded', () => {
    assert.equal(describeReport(report({ upToDate: true, files: ['a.txt', 'b.txt'], passages: 66 })), 'Index is up to date: 2 files, 66 passages; nothing needed embedding.');
  });

  it('GIVEN a dense build with a skipped file THEN the counts of each kind of change, embedded and reused', () => {
    const sentence = describeReport(report({ added: ['new.txt'], changed: ['old.txt'], removed: ['gone.txt'], unchanged: 3, skipped: [{ file: 'x.bin', reason: 'binary' }] as BuildReport['skipped'], passages: 40, dense: true, embedded: 9, reused: 31 }));
    assert.equal(sentence, 'Indexed 40 passages from 5 files (1 added, 1 changed, 1 removed, 3 unchanged); embedded 9 passages, reused 31; skipped 1 file(s).');
  });

  it('GIVEN a lexical-only build after an upload into the database THEN the upload is its own sentence first', () => {
    const sentence = describeReport(report({
      added: ['a.txt'], passages: 12, dir: 'postgres:seeds',
      imported: { folder: 'seeds/', added: ['a.txt'], changed: [], removed: [], unchanged: 4 } as unknown as BuildReport['imported'],
    }));
    assert.equal(sentence, 'Uploaded seeds/ to postgres:seeds: 1 new, 0 changed, 0 removed, 4 unchanged file(s). Indexed 12 passages from 1 files (1 added, 0 changed, 0 removed, 0 unchanged); lexical-only (no embedding model).');
  });
});
