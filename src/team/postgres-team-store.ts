import pg from 'pg';
import { Database } from '../db/database.ts';
import type { AnswerRecord, Escalation, EscalationOutcome, RatedAnswer, Vote, VoteOutcome } from './answer-record.ts';
import { readAnswer, readAnswerEntry, readVote, sameVote } from './answer-bounds.ts';
import { readSettings, type BriefingSetting, type ServerSettings } from './server-settings.ts';
import { defaultTeamStoreLimits, type TeamStore, type TeamStoreLimits } from './team-store.ts';
import { readThreadContext, withTurn, type ThreadContext, type Turn } from './thread-context.ts';

export interface PostgresTeamStoreOptions {
  limits?: Partial<TeamStoreLimits>;
  now?: () => number;
}

/**
 * The team store in PostgreSQL (DATABASE_URL; the tables of migration 4 in
 * src/db/postgres-schema.ts), shared by every bot process given the same database. Each
 * change is one transaction; changes to one server's settings or one thread wait for each other
 * (a row lock, or an advisory lock while the row does not exist yet), so two processes never
 * lose each other's change. Bounds are those of every store (TeamStoreLimits).
 */
export class PostgresTeamStore implements TeamStore {
  private readonly limits: TeamStoreLimits;
  private readonly now: () => number;

  private constructor(
    private readonly database: Database,
    options: PostgresTeamStoreOptions,
  ) {
    this.limits = { ...defaultTeamStoreLimits, ...options.limits };
    this.now = options.now ?? Date.now;
  }

  /** Connects and brings the schema up to date (the process's one Database of this URL); throws with the server's reason when it cannot. */
  static async open(databaseUrl: string, options: PostgresTeamStoreOptions = {}): Promise<PostgresTeamStore> {
    return new PostgresTeamStore(await Database.open(databaseUrl), options);
  }

  get location(): string {
    return `PostgreSQL ${this.database.name}`;
  }

  private get pool(): pg.Pool {
    return this.database.pool;
  }

  async settings(server: string): Promise<ServerSettings> {
    const { rows } = await this.pool.query<{ settings: unknown }>('SELECT settings FROM team_settings WHERE server = $1', [server]);
    return readSettings(rows[0]?.settings);
  }

  updateSettings(server: string, change: (current: ServerSettings) => ServerSettings): Promise<ServerSettings> {
    return this.transaction(async (client) => {
      await client.query(`INSERT INTO team_settings (server, settings) VALUES ($1, '{"askChannels":[]}') ON CONFLICT (server) DO NOTHING`, [server]);
      const { rows } = await client.query<{ settings: unknown }>('SELECT settings FROM team_settings WHERE server = $1 FOR UPDATE', [server]);
      const next = readSettings(change(readSettings(rows[0]?.settings)));
      await client.query('UPDATE team_settings SET settings = $2 WHERE server = $1', [server, JSON.stringify(next)]);
      return next;
    });
  }

  async briefings(): Promise<{ server: string; briefing: BriefingSetting }[]> {
    const { rows } = await this.pool.query<{ server: string; settings: unknown }>(`SELECT server, settings FROM team_settings WHERE settings ? 'briefing' ORDER BY server`);
    return rows.flatMap((row) => {
      const briefing = readSettings(row.settings).briefing;
      return briefing ? [{ server: row.server, briefing }] : [];
    });
  }

  async lastBriefing(server: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ last_briefing: Date | null }>('SELECT last_briefing FROM team_settings WHERE server = $1', [server]);
    return rows[0]?.last_briefing?.toISOString() ?? null;
  }

  async setLastBriefing(server: string, at: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO team_settings (server, settings, last_briefing) VALUES ($1, '{"askChannels":[]}', $2)
       ON CONFLICT (server) DO UPDATE SET last_briefing = EXCLUDED.last_briefing`,
      [server, at],
    );
  }

  async thread(server: string, threadId: string): Promise<ThreadContext | null> {
    const { rows } = await this.pool.query<{ context: unknown }>('SELECT context FROM team_threads WHERE server = $1 AND thread_id = $2 AND updated_at > $3', [
      server,
      threadId,
      this.expiredBefore(),
    ]);
    return readThreadContext(rows[0]?.context);
  }

  addTurn(server: string, threadId: string, turn: Turn): Promise<ThreadContext> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`team-thread:${server}:${threadId}`]);
      const { rows } = await client.query<{ context: unknown }>('SELECT context FROM team_threads WHERE server = $1 AND thread_id = $2 AND updated_at > $3', [server, threadId, this.expiredBefore()]);
      const context = withTurn(readThreadContext(rows[0]?.context), threadId, turn, this.limits.threads);
      await client.query(
        `INSERT INTO team_threads (server, thread_id, context, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (server, thread_id) DO UPDATE SET context = EXCLUDED.context, updated_at = EXCLUDED.updated_at`,
        [server, threadId, JSON.stringify(context), context.updatedAt],
      );
      // Idle threads, and beyond the limit the least recently used, are forgotten.
      await client.query('DELETE FROM team_threads WHERE server = $1 AND updated_at <= $2', [server, this.expiredBefore()]);
      await client.query(
        `DELETE FROM team_threads WHERE server = $1 AND thread_id IN
           (SELECT thread_id FROM team_threads WHERE server = $1 ORDER BY updated_at DESC, thread_id OFFSET $2)`,
        [server, this.limits.threads.threads],
      );
      return context;
    });
  }

  async recordAnswer(answer: AnswerRecord): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO team_answers (server, answer_id, asked_at, record) VALUES ($1, $2, $3, $4)
         ON CONFLICT (server, answer_id) DO UPDATE SET record = EXCLUDED.record`,
        [answer.server, answer.id, answer.askedAt, JSON.stringify(answer)],
      );
      await this.trim(client, answer.server, false);
    });
  }

  async setAnswerMessage(server: string, answerId: string, channelId: string, messageId: string): Promise<void> {
    await this.pool.query(`UPDATE team_answers SET record = record || jsonb_build_object('channelId', $3::text, 'messageId', $4::text) WHERE server = $1 AND answer_id = $2`, [
      server,
      answerId,
      channelId,
      messageId,
    ]);
  }

  async answer(server: string, answerId: string): Promise<AnswerRecord | null> {
    const { rows } = await this.pool.query<{ record: unknown }>('SELECT record FROM team_answers WHERE server = $1 AND answer_id = $2', [server, answerId]);
    const answer = readAnswer(rows[0]?.record);
    return answer && answer.server === server ? answer : null;
  }

  vote(server: string, answerId: string, userId: string, vote: Vote): Promise<VoteOutcome> {
    return this.transaction(async (client): Promise<VoteOutcome> => {
      const found = await client.query('SELECT 1 FROM team_answers WHERE server = $1 AND answer_id = $2 FOR UPDATE', [server, answerId]);
      if (found.rowCount === 0) return { status: 'unknown-answer' };
      const { rows } = await client.query<{ user_id: string; vote: unknown }>('SELECT user_id, vote FROM team_votes WHERE server = $1 AND answer_id = $2', [server, answerId]);
      const mine = rows.find((row) => row.user_id === userId);
      const previous = mine ? readVote(mine.vote) : undefined;
      if (previous && sameVote(previous, vote)) return { status: 'unchanged', previous };
      if (!mine && rows.length >= this.limits.votesPerAnswer) return { status: 'full', limit: this.limits.votesPerAnswer };
      await client.query(
        `INSERT INTO team_votes (server, answer_id, user_id, vote, voted_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (server, answer_id, user_id) DO UPDATE SET vote = EXCLUDED.vote, voted_at = EXCLUDED.voted_at`,
        [server, answerId, userId, JSON.stringify(vote), new Date(this.now()).toISOString()],
      );
      await client.query('UPDATE team_answers SET rated = true WHERE server = $1 AND answer_id = $2', [server, answerId]);
      await this.trim(client, server, true);
      return previous ? { status: 'changed', previous } : { status: 'recorded' };
    });
  }

  claimEscalation(server: string, answerId: string, escalation: Omit<Escalation, 'messageId'>): Promise<EscalationOutcome> {
    return this.transaction(async (client): Promise<EscalationOutcome> => {
      const { rows } = await client.query<{ escalation: unknown }>('SELECT escalation FROM team_answers WHERE server = $1 AND answer_id = $2 FOR UPDATE', [server, answerId]);
      if (rows.length === 0) return { status: 'unknown-answer' };
      const existing = rows[0]!.escalation as Escalation | null;
      if (existing) return { status: 'already', escalation: existing };
      await client.query('UPDATE team_answers SET escalation = $3, rated = true WHERE server = $1 AND answer_id = $2', [server, answerId, JSON.stringify({ ...escalation, messageId: '' })]);
      await this.trim(client, server, true);
      return { status: 'first' };
    });
  }

  async finishEscalation(server: string, answerId: string, messageId: string | null): Promise<void> {
    if (messageId === null) {
      await this.pool.query(
        'UPDATE team_answers SET escalation = NULL, rated = EXISTS (SELECT 1 FROM team_votes v WHERE v.server = $1 AND v.answer_id = $2) WHERE server = $1 AND answer_id = $2',
        [server, answerId],
      );
      return;
    }
    await this.pool.query(`UPDATE team_answers SET escalation = escalation || jsonb_build_object('messageId', $3::text) WHERE server = $1 AND answer_id = $2 AND escalation IS NOT NULL`, [
      server,
      answerId,
      messageId,
    ]);
  }

  async feedback(server: string | null): Promise<RatedAnswer[]> {
    const { rows } = await this.pool.query<{ record: unknown; escalation: unknown; votes: unknown }>(
      `SELECT a.record, a.escalation,
              json_agg(json_build_object('userId', v.user_id, 'vote', v.vote, 'at', v.voted_at) ORDER BY v.voted_at) AS votes
         FROM team_answers a JOIN team_votes v ON v.server = a.server AND v.answer_id = a.answer_id
        WHERE ($1::text IS NULL OR a.server = $1)
        GROUP BY a.server, a.answer_id, a.record, a.escalation, a.asked_at
        ORDER BY a.asked_at`,
      [server],
    );
    return rows.map((row) => readAnswerEntry({ answer: row.record, votes: row.votes, escalation: row.escalation ?? undefined })).filter((a): a is RatedAnswer => a !== null);
  }

  async close(): Promise<void> {
    await this.database.release();
  }

  private expiredBefore(): string {
    return new Date(this.now() - this.limits.threads.ttlMs).toISOString();
  }

  /** Keeps the newest answers of one kind (rated or not) within the limit; votes go with their answer. */
  private async trim(client: pg.ClientBase, server: string, rated: boolean): Promise<void> {
    await client.query(
      `DELETE FROM team_answers WHERE server = $1 AND rated = $2 AND answer_id IN
         (SELECT answer_id FROM team_answers WHERE server = $1 AND rated = $2 ORDER BY asked_at DESC, answer_id OFFSET $3)`,
      [server, rated, rated ? this.limits.ratedAnswers : this.limits.unratedAnswers],
    );
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.database.transaction(work);
  }
}
