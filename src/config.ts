import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MAX_PASSAGES, defaultSettings, mergeSettings, numericSettings, settingsProblems, type SettingsOverrides } from './settings.ts';
import { defaultPollLimits } from './poll-limits.ts';

/** The project folder: defaults are relative to it, wherever the process was started. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const fromRoot = (value: string) => path.resolve(PROJECT_ROOT, value);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));
const positiveInt = (max: number) => z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(1).max(max);
const snowflake = z.string().regex(/^\d{15,21}$/, 'expected a Discord id (15 to 21 digits)');
/** `host` or `host:port`: a name, an IPv4 address or a bracketed IPv6 address. */
const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[\p{L}\p{N}.-]+)(:\d{1,5})?$/iu;

const HOST_ENTRY_MESSAGE = 'expected comma-separated host names or addresses, each with an optional :port (e.g. intranet.local,10.0.0.5:8080)';

/** A FETCH_PRIVATE_HOSTS entry as a link's host is compared with it: the URL parser's spelling, the port as given. */
function canonicalHost(entry: string): string | undefined {
  const port = /:(\d{1,5})$/.exec(entry)?.[1];
  const host = port === undefined ? entry : entry.slice(0, -port.length - 1);
  if (!URL.canParse(`http://${host}/`)) return undefined;
  const hostname = new URL(`http://${host}/`).hostname;
  return port === undefined ? hostname : `${hostname}:${port}`;
}

/** Every setting, read from the environment (and .env). Each is documented in .env.example. */
const envSchema = z.object({
  CORPUS_DIR: z.string().min(1).default('seeds').transform(fromRoot),
  INDEX_DIR: z.string().min(1).default('embeddings').transform(fromRoot),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a PostgreSQL URL such as postgres://user:password@host:5432/database')
    .optional(),
  // A read replica of DATABASE_URL's database: questions read from it, saves go to DATABASE_URL.
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a PostgreSQL URL such as postgres://user:password@replica:5432/database')
    .optional(),
  MODEL_ID: z.string().min(1).default(defaultSettings.model.id),
  MODEL_DIR: z.string().min(1).transform(fromRoot).optional(),
  MODEL_CACHE_DIR: z.string().min(1).default('.cache/models').transform(fromRoot),
  MODEL_QUANTIZED: flag.default(defaultSettings.model.quantized ? 'true' : 'false'),
  ALLOW_MODEL_DOWNLOAD: flag.default('true'),
  EMBED_BATCH_SIZE: positiveInt(256).default(16),
  // Minutes without embedding after which the model's worker process is stopped (0: never).
  MODEL_IDLE_MINUTES: z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(0).max(10_080).default(10),
  DICTIONARY_PATH: z.string().min(1).default('/usr/share/dictd/freedict-eng-ara'),
  WORD_LIST_PATH: z.string().min(1).default('/usr/share/dict/words'),
  ANSWER_LANGUAGE: z.enum(['en', 'ar', 'both'], { message: 'expected en, ar or both' }).optional(),
  TRANSLATION_MODEL_ID: z.string().min(1).default('Xenova/opus-mt-ar-en'),
  TRANSLATION_MODEL_DIR: z.string().min(1).transform(fromRoot).optional(),
  ANSWER_PASSAGES: positiveInt(MAX_PASSAGES).default(5),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  // Discord users who may change the shared corpus from any server (comma-separated ids).
  BOT_OWNER_IDS: z
    .string()
    .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(snowflake))
    .default(''),
  // http(s) only: "localhost:8080/api" parses as a URL of the scheme "localhost:", and the bot would fail at its first request.
  DISCORD_API_BASE: z.string().refine(isHttpUrl, 'expected a URL such as http://127.0.0.1:8080/api').optional(),
  BRIEFING_CHANNEL_ID: snowflake.optional(),
  BRIEFING_CRON: z.string().min(1).optional(),
  // Mentions answered in a thread started from the question, where follow-ups need no mention (false: a reply).
  DISCORD_MENTION_THREADS: flag.default('true'),
  // One process (1), that many shard processes, or as many as Discord recommends (auto).
  BOT_SHARDS: z
    .string()
    .trim()
    .regex(/^(auto|[1-9]\d{0,3})$/, 'expected auto or a number of shards from 1 to 9999')
    .transform((value): number | 'auto' => (value === 'auto' ? 'auto' : Number(value)))
    .default('1'),
  FEEDS: z
    .string()
    .transform((value) => value.split(',').map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.string().url('expected comma-separated http(s) feed URLs').regex(/^https?:/i, 'expected comma-separated http(s) feed URLs')))
    .default(''),
  FEED_CRON: z.string().min(1).optional(),
  // New items read per feed and poll; the rest wait for the next poll.
  FEED_ITEMS_PER_POLL: positiveInt(1000).default(defaultPollLimits.itemsPerFeed),
  // Polls a feed item may be refused at before it is no longer tried.
  FEED_ITEM_ATTEMPTS: positiveInt(100).default(defaultPollLimits.attemptsPerItem),
  // Longest one poll of every feed may take; feeds not reached wait for the next poll (milliseconds).
  FEED_POLL_TIMEOUT_MS: positiveInt(24 * 3600 * 1000).default(defaultPollLimits.deadlineMs),
  FETCH_ALLOW_PRIVATE_ADDRESSES: flag.default('false'),
  // Hosts (as links write them, `host` or `host:port`) fetched although private: an intranet feed.
  FETCH_PRIVATE_HOSTS: z
    .string()
    .transform((value) => value.split(',').map((host) => host.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(HOST_ENTRY, HOST_ENTRY_MESSAGE).refine((entry) => canonicalHost(entry) !== undefined, HOST_ENTRY_MESSAGE).transform((entry) => canonicalHost(entry)!)))
    .default(''),
  FETCH_MAX_BYTES: positiveInt(100 * 1024 * 1024).default(5 * 1024 * 1024),
  FETCH_TIMEOUT_MS: positiveInt(600_000).default(15_000),
});

export type Config = z.infer<typeof envSchema> & {
  /** Engine settings set in the environment (BM25_K1, HNSW_EF_SEARCH, ...): see src/settings.ts. */
  settings: SettingsOverrides;
};

const SECRET_VARIABLES = new Set(['DISCORD_TOKEN', 'DATABASE_URL', 'DATABASE_READ_URL']);

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Validates the environment; each problem names the variable and what it expects. Empty values count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(present);
  if (parsed.success && parsed.data.DATABASE_READ_URL && !parsed.data.DATABASE_URL) {
    return { ok: false, problems: ['DATABASE_READ_URL: a read replica needs its primary in DATABASE_URL, where the index is saved (got no DATABASE_URL)'] };
  }
  const settings = settingsFromEnvironment(present);
  if (parsed.success && settings.ok) return { ok: true, config: { ...parsed.data, settings: settings.overrides } };
  const settingProblems = settings.ok ? [] : settings.problems;
  if (parsed.success) return { ok: false, problems: settingProblems };
  return {
    ok: false,
    problems: [...parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // Secrets are never echoed, not even when wrong.
      const shown = SECRET_VARIABLES.has(name) ? 'a value that is not shown' : JSON.stringify(present[name]);
      return `${issue.path.join('.')}: ${issue.message} (got ${shown})`;
    }), ...settingProblems],
  };
}

/**
 * The engine settings the environment sets, each checked against its range with the defaults
 * for the rest (so hnsw.efConstruction is compared with the m in force).
 */
function settingsFromEnvironment(present: Record<string, string | undefined>): { ok: true; overrides: SettingsOverrides } | { ok: false; problems: string[] } {
  const overrides: Record<string, Record<string, number>> = {};
  const problems: string[] = [];
  for (const { section, field, variable } of numericSettings()) {
    const text = present[variable];
    if (text === undefined) continue;
    const value = Number(text.trim());
    if (!Number.isFinite(value)) problems.push(`${variable} (${section}.${field}) must be a number, got ${JSON.stringify(text)}`);
    else (overrides[section] ??= {})[field] = value;
  }
  if (problems.length > 0) return { ok: false, problems };
  const outOfRange = settingsProblems(mergeSettings(defaultSettings, overrides));
  return outOfRange.length > 0 ? { ok: false, problems: outOfRange } : { ok: true, overrides };
}

/** The index folder of a corpus: one per corpus folder, so `--corpus X` never overwrites the seeds index. */
export function indexDirFor(config: Pick<Config, 'INDEX_DIR'>, corpusDir: string): string {
  const resolved = path.resolve(corpusDir);
  const slug = path.basename(resolved).replace(/[^\p{L}\p{N}_-]+/gu, '-') || 'corpus';
  const folderHash = createHash('sha256').update(resolved).digest('hex').slice(0, 8);
  return path.join(config.INDEX_DIR, `${slug}-${folderHash}`);
}

/**
 * A corpus folder's name in the database (DATABASE_URL): the folder's own name, so that every
 * machine's `seeds/` (or CORPUS_DIR of the same name) is the same corpus whatever its path.
 * Names starting with `server-` belong to Discord servers' own articles, so a folder cannot take one.
 */
export function corpusNameFor(corpusDir: string): string {
  const slug = path.basename(path.resolve(corpusDir)).replace(/[^\p{L}\p{N}_-]+/gu, '-') || 'corpus';
  return slug.startsWith('server-') ? `folder-${slug}` : slug;
}

/** An http(s) URL: `new URL` alone also takes "localhost:8080/api" (the scheme "localhost:"). */
function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}
