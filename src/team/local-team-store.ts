import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { AnswerRecord, Escalation, EscalationOutcome, RatedAnswer, Vote, VoteOutcome } from './answer-record.ts';
import { DIRECT_MESSAGES } from './answer-record.ts';
import { readJsonFile, writeJsonFile } from './json-file.ts';
import { readAnswerEntry, sameVote, trimAnswers } from './answer-bounds.ts';
import { readSettings, type BriefingSetting, type ServerSettings } from './server-settings.ts';
import { defaultTeamStoreLimits, type TeamStore, type TeamStoreLimits } from './team-store.ts';
import { isExpired, readThreadContext, withTurn, type ThreadContext, type Turn } from './thread-context.ts';

/** A server's settings, briefing mark and conversations: small, rewritten often. */
interface StateFile {
  settings: ServerSettings;
  lastBriefing: string | null;
  threads: Record<string, ThreadContext>;
}

/** A server's answers and their votes: larger, rewritten when an answer is given or voted on. */
interface FeedbackFile {
  answers: RatedAnswer[];
}

const SERVER_KEY = /^(\d{15,21}|direct)$/;

export interface LocalTeamStoreOptions {
  limits?: Partial<TeamStoreLimits>;
  now?: () => number;
  /** Told when a file had to be moved aside. */
  onProblem?: (message: string) => void;
}

/**
 * The team store in local files, one folder per server under `dir` (INDEX_DIR/team/<server>/):
 * `state.json` (settings, briefing mark, threads) and `feedback.json` (answers and votes). Each
 * file is read once, kept in memory, and written whole, atomically, after every change, one
 * change at a time per server. For one bot process: several processes need PostgreSQL.
 */
export class LocalTeamStore implements TeamStore {
  private readonly states = new Map<string, Promise<StateFile>>();
  private readonly feedbacks = new Map<string, Promise<FeedbackFile>>();
  /** The last write of each file: the next change waits for it. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly limits: TeamStoreLimits;
  private readonly now: () => number;
  private readonly onProblem: (message: string) => void;

  constructor(
    private readonly dir: string,
    options: LocalTeamStoreOptions = {},
  ) {
    this.limits = { ...defaultTeamStoreLimits, ...options.limits };
    this.now = options.now ?? Date.now;
    this.onProblem = options.onProblem ?? (() => undefined);
  }

  get location(): string {
    return this.dir;
  }

  async settings(server: string): Promise<ServerSettings> {
    return (await this.state(server)).settings;
  }

  updateSettings(server: string, change: (current: ServerSettings) => ServerSettings): Promise<ServerSettings> {
    return this.changeState(server, (state) => {
      state.settings = readSettings(change(state.settings));
      return state.settings;
    });
  }

  async briefings(): Promise<{ server: string; briefing: BriefingSetting }[]> {
    const found: { server: string; briefing: BriefingSetting }[] = [];
    for (const server of await this.servers()) {
      const briefing = (await this.state(server)).settings.briefing;
      if (briefing) found.push({ server, briefing });
    }
    return found;
  }

  async lastBriefing(server: string): Promise<string | null> {
    return (await this.state(server)).lastBriefing;
  }

  async setLastBriefing(server: string, at: string): Promise<void> {
    await this.changeState(server, (state) => {
      state.lastBriefing = at;
    });
  }

  async thread(server: string, threadId: string): Promise<ThreadContext | null> {
    const context = (await this.state(server)).threads[threadId];
    return context && !isExpired(context, this.limits.threads, this.now()) ? context : null;
  }

  addTurn(server: string, threadId: string, turn: Turn): Promise<ThreadContext> {
    return this.changeState(server, (state) => {
      const now = this.now();
      const previous = state.threads[threadId];
      const context = withTurn(previous && !isExpired(previous, this.limits.threads, now) ? previous : null, threadId, turn, this.limits.threads);
      const live = Object.values(state.threads).filter((c) => c.threadId !== threadId && !isExpired(c, this.limits.threads, now));
      // The least recently used threads go first.
      live.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
      state.threads = Object.fromEntries([context, ...live.slice(0, this.limits.threads.threads - 1)].map((c) => [c.threadId, c]));
      return context;
    });
  }

  async recordAnswer(answer: AnswerRecord): Promise<void> {
    await this.changeFeedback(answer.server, (file) => {
      file.answers = trimAnswers([...file.answers.filter((a) => a.answer.id !== answer.id), { answer, votes: [] }], this.limits);
    });
  }

  async setAnswerMessage(server: string, answerId: string, channelId: string, messageId: string): Promise<void> {
    await this.changeFeedback(server, (file) => {
      const entry = file.answers.find((a) => a.answer.id === answerId);
      if (entry) entry.answer = { ...entry.answer, channelId, messageId };
    });
  }

  async answer(server: string, answerId: string): Promise<AnswerRecord | null> {
    return (await this.feedbackOf(server)).answers.find((a) => a.answer.id === answerId)?.answer ?? null;
  }

  vote(server: string, answerId: string, userId: string, vote: Vote): Promise<VoteOutcome> {
    return this.changeFeedback(server, (file): VoteOutcome => {
      const entry = file.answers.find((a) => a.answer.id === answerId);
      if (!entry) return { status: 'unknown-answer' };
      const mine = entry.votes.find((v) => v.userId === userId);
      if (mine && sameVote(mine.vote, vote)) return { status: 'unchanged', previous: mine.vote };
      if (!mine && entry.votes.length >= this.limits.votesPerAnswer) return { status: 'full', limit: this.limits.votesPerAnswer };
      const at = new Date(this.now()).toISOString();
      entry.votes = [...entry.votes.filter((v) => v.userId !== userId), { userId, vote, at }];
      file.answers = trimAnswers(file.answers, this.limits);
      return mine ? { status: 'changed', previous: mine.vote } : { status: 'recorded' };
    });
  }

  claimEscalation(server: string, answerId: string, escalation: Omit<Escalation, 'messageId'>): Promise<EscalationOutcome> {
    return this.changeFeedback(server, (file): EscalationOutcome => {
      const entry = file.answers.find((a) => a.answer.id === answerId);
      if (!entry) return { status: 'unknown-answer' };
      if (entry.escalation) return { status: 'already', escalation: entry.escalation };
      entry.escalation = { ...escalation, messageId: '' };
      return { status: 'first' };
    });
  }

  async finishEscalation(server: string, answerId: string, messageId: string | null): Promise<void> {
    await this.changeFeedback(server, (file) => {
      const entry = file.answers.find((a) => a.answer.id === answerId);
      if (!entry?.escalation) return;
      if (messageId === null) delete entry.escalation;
      else entry.escalation = { ...entry.escalation, messageId };
    });
  }

  async feedback(server: string | null): Promise<RatedAnswer[]> {
    const servers = server === null ? await this.servers() : [server];
    const rated: RatedAnswer[] = [];
    for (const key of servers) rated.push(...(await this.feedbackOf(key)).answers.filter((a) => a.votes.length > 0));
    return rated;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }

  /** Servers that have a folder here. */
  private async servers(): Promise<string[]> {
    try {
      return (await readdir(this.dir, { withFileTypes: true })).filter((e) => e.isDirectory() && SERVER_KEY.test(e.name)).map((e) => e.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private folder(server: string): string {
    // The key names a folder: only a Discord id or "direct" may.
    if (!SERVER_KEY.test(server)) throw new Error(`LocalTeamStore: not a server key: ${JSON.stringify(server)} (a Discord id, or "${DIRECT_MESSAGES}")`);
    return path.join(this.dir, server);
  }

  private state(server: string): Promise<StateFile> {
    let loading = this.states.get(server);
    if (!loading) {
      const file = path.join(this.folder(server), 'state.json');
      loading = readJsonFile(file, {}, this.onProblem).then((raw): StateFile => {
        const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
        const threads = typeof record.threads === 'object' && record.threads !== null ? Object.values(record.threads).map(readThreadContext).filter((c): c is ThreadContext => c !== null) : [];
        return {
          settings: readSettings(record.settings),
          lastBriefing: typeof record.lastBriefing === 'string' && !Number.isNaN(Date.parse(record.lastBriefing)) ? record.lastBriefing : null,
          threads: Object.fromEntries(threads.map((c) => [c.threadId, c])),
        };
      });
      // A failed read (permissions) is tried again next time.
      loading.catch(() => this.states.delete(server));
      this.states.set(server, loading);
    }
    return loading;
  }

  private feedbackOf(server: string): Promise<FeedbackFile> {
    let loading = this.feedbacks.get(server);
    if (!loading) {
      const file = path.join(this.folder(server), 'feedback.json');
      loading = readJsonFile(file, {}, this.onProblem).then((raw): FeedbackFile => {
        const answers = Array.isArray((raw as { answers?: unknown }).answers) ? (raw as { answers: unknown[] }).answers : [];
        return { answers: answers.map(readAnswerEntry).filter((a): a is RatedAnswer => a !== null && a.answer.server === server) };
      });
      loading.catch(() => this.feedbacks.delete(server));
      this.feedbacks.set(server, loading);
    }
    return loading;
  }

  private changeState<T>(server: string, change: (state: StateFile) => T): Promise<T> {
    const file = path.join(this.folder(server), 'state.json');
    return this.serialized(file, async () => {
      const state = await this.state(server);
      const result = change(state);
      await writeJsonFile(file, state);
      return result;
    });
  }

  private changeFeedback<T>(server: string, change: (file: FeedbackFile) => T): Promise<T> {
    const file = path.join(this.folder(server), 'feedback.json');
    return this.serialized(file, async () => {
      const feedback = await this.feedbackOf(server);
      const result = change(feedback);
      await writeJsonFile(file, feedback);
      return result;
    });
  }

  private serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.queues.set(key, run);
    void run.finally(() => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    }).catch(() => undefined);
    return run;
  }
}
