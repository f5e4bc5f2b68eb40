import { hostname } from 'node:os';
import { loadBriefingState, type BriefingLedger } from './briefing-state.ts';
import type { Database } from '../db/database.ts';

/**
 * The scheduled briefings in PostgreSQL (`briefings`): one row per channel and scheduled time,
 * inserted by the one process that posts it. Every process running BRIEFING_CRON tries to insert
 * the row when the time comes; the primary key lets exactly one succeed. A process that dies
 * while posting leaves its row unposted: that briefing is not posted twice, and the next one
 * marks as new everything since the last briefing that was posted.
 */
export class DatabaseBriefings implements BriefingLedger {
  /** Who claimed a briefing, for whoever reads the table. */
  private readonly claimant = `${hostname()} pid ${process.pid}`;

  constructor(
    private readonly database: Promise<Database>,
    readonly location: string,
    /** The briefing file this machine kept before briefings were recorded in the database: its time stands until the first one recorded here. */
    private readonly legacyFile?: string,
  ) {}

  async lastBriefingAt(): Promise<string | null> {
    const { rows } = await (await this.database).pool.query<{ generated_at: Date | null }>('SELECT max(generated_at) AS generated_at FROM briefings WHERE posted_at IS NOT NULL');
    if (rows[0]?.generated_at) return rows[0].generated_at.toISOString();
    return this.legacyFile ? (await loadBriefingState(this.legacyFile)).lastBriefingAt : null;
  }

  async claim(channelId: string, scheduledFor: Date): Promise<boolean> {
    const result = await (await this.database).pool.query(
      'INSERT INTO briefings (channel_id, scheduled_for, claimed_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [channelId, scheduledFor, this.claimant],
    );
    return result.rowCount === 1;
  }

  async posted(channelId: string, scheduledFor: Date, generatedAt: string): Promise<void> {
    await (await this.database).pool.query('UPDATE briefings SET posted_at = now(), generated_at = $3 WHERE channel_id = $1 AND scheduled_for = $2', [channelId, scheduledFor, generatedAt]);
  }
}
