/**
 * Locks shared by every process given the same database: one holder at a time across processes
 * and within one, work holding a lock takes it again without waiting for itself, and a process
 * killed while it holds one frees it at once (its session ends), with no lease to wait out.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config.ts';
import { AdvisoryLocks } from '../../src/db/advisory-locks.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
const databaseUrl = 'url' in database ? database.url : '';

describe('AdvisoryLocks', { skip, timeout: 60_000 }, () => {
  const opened: AdvisoryLocks[] = [];
  const locks = () => {
    const made = new AdvisoryLocks(databaseUrl);
    opened.push(made);
    return made;
  };
  after(async () => {
    await Promise.all(opened.map((l) => l.close()));
    if ('drop' in database) await database.drop();
  });

  it('GIVEN one process holding a lock THEN another cannot take it until it is let go, and waits for it when asked to', async () => {
    const [first, second] = [locks(), locks()];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = first.exclusive('feed one', async () => {
      holding();
      await released;
      return 'first';
    });
    await held;
    assert.deepEqual(await second.tryExclusive('feed one', async () => 'second'), { ran: false }, 'busy while the first holds it');
    assert.deepEqual(await second.tryExclusive('feed two', async () => 'second'), { ran: true, value: 'second' }, 'another lock is free');
    const order: string[] = [];
    const waiting = second.exclusive('feed one', async () => order.push('second'));
    order.push('first lets go');
    release();
    assert.equal(await holder, 'first');
    await waiting;
    assert.deepEqual(order, ['first lets go', 'second'], 'the waiting process ran once the lock was free');
  });

  it('GIVEN work holding a lock THEN it takes it again without waiting, and a task beside it waits its turn', async () => {
    const process = locks();
    const order: string[] = [];
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const outer = process.exclusive('corpus', async () => {
      assert.equal(process.holds('corpus'), true, 'the running task holds it');
      await process.exclusive('corpus', async () => order.push('inner'));
      assert.deepEqual(await process.tryExclusive('corpus', async () => 'again'), { ran: true, value: 'again' });
      holding();
      await finished;
      order.push('outer done');
    });
    await held;
    // Started outside the holding task: it waits, and trying fails at once.
    assert.equal(process.holds('corpus'), false, 'this task does not hold it');
    assert.deepEqual(await process.tryExclusive('corpus', async () => 'beside'), { ran: false });
    const beside = process.exclusive('corpus', async () => order.push('beside'));
    finish();
    await Promise.all([outer, beside]);
    assert.deepEqual(order, ['inner', 'outer done', 'beside']);
  });

  it('GIVEN a process killed (SIGKILL) while it holds a lock THEN the lock is free at once for the others', async () => {
    const script = [
      "import { AdvisoryLocks } from './src/db/advisory-locks.ts';",
      'const locks = new AdvisoryLocks(process.argv[1]);',
      "await locks.exclusive('feed killed', async () => { console.log('held'); await new Promise(() => {}); });",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, databaseUrl], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!output.includes('held')) {
      assert.ok(Date.now() < deadline && child.exitCode === null, `the child never took the lock: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const other = locks();
    assert.deepEqual(await other.tryExclusive('feed killed', async () => 'taken'), { ran: false }, 'held by the child');
    child.kill('SIGKILL');
    await once(child, 'exit');
    const killedAt = Date.now();
    let result = await other.tryExclusive('feed killed', async () => 'taken');
    while (!result.ran && Date.now() - killedAt < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      result = await other.tryExclusive('feed killed', async () => 'taken');
    }
    assert.deepEqual(result, { ran: true, value: 'taken' }, 'free once the killed process is gone');
    assert.ok(Date.now() - killedAt < 5000, `freed within seconds, not after a lease: ${Date.now() - killedAt} ms`);
  });
});
