import type { ConsolaInstance, ConsolaReporter, LogObject } from 'consola';

export const REDACTED = '[redacted]';

/** What a Discord bot token looks like: base64 user id, timestamp, HMAC, separated by dots. */
export const DISCORD_TOKEN_PATTERN = /[\w-]{24,}\.[\w-]{6}\.[\w-]{27,}/g;
/** Interaction and webhook tokens travel in URL paths; they allow answering for the bot for 15 minutes. */
const WEBHOOK_TOKEN_IN_PATH = /(\/(?:webhooks|interactions)\/\d+\/)[^/\s?#"'`]+/g;

/** Replaces the given secrets, and anything shaped like a Discord token, with "[redacted]". */
export function redactor(secrets: readonly (string | undefined)[] = []): (text: string) => string {
  // Longest first, so a secret containing another is replaced whole.
  const known = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of known) out = out.replaceAll(secret, REDACTED);
    return out.replace(DISCORD_TOKEN_PATTERN, REDACTED).replace(WEBHOOK_TOKEN_IN_PATH, `$1${REDACTED}`);
  };
}

const MAX_DEPTH = 6;

/**
 * `value` with every string inside it redacted: strings, arrays, plain objects, and errors
 * (message, stack, cause and their own properties, such as a DiscordAPIError's raw body and URL).
 * Returns the value itself when nothing in it needed redacting; otherwise a copy (errors keep
 * their class). Other objects (class instances, buffers) are passed through untouched.
 */
export function redactValue(value: unknown, redact: (text: string) => string, depth = 0, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    seen.set(value, value);
    const items = value.map((item) => redactValue(item, redact, depth + 1, seen));
    const copy = items.some((item, i) => item !== value[i]) ? items : value;
    seen.set(value, copy);
    return copy;
  }
  const isError = value instanceof Error;
  const proto: unknown = Object.getPrototypeOf(value);
  if (!isError && proto !== Object.prototype && proto !== null) return value;
  seen.set(value, value);
  const keys = new Set(Object.keys(value));
  if (isError) for (const key of ['message', 'stack', 'cause']) if (Object.hasOwn(value, key)) keys.add(key);
  const changed = new Map<string, unknown>();
  for (const key of keys) {
    const original = (value as Record<string, unknown>)[key];
    const redacted = redactValue(original, redact, depth + 1, seen);
    if (redacted !== original) changed.set(key, redacted);
  }
  if (changed.size === 0) return value;
  const copy = Object.create(proto as object | null) as Record<string, unknown>;
  for (const key of keys) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    const next = changed.has(key) ? changed.get(key) : (value as Record<string, unknown>)[key];
    Object.defineProperty(copy, key, { value: next, writable: true, configurable: true, enumerable: descriptor?.enumerable ?? true });
  }
  seen.set(value, copy);
  return copy;
}

/** A log entry with its arguments (and any extra fields) redacted. */
export function redactLogObject(entry: LogObject, redact: (text: string) => string): LogObject {
  const args = redactValue(entry.args, redact) as unknown[];
  const extra: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(entry)) {
    if (key === 'args' || key === 'date') continue;
    const redacted = redactValue(field, redact);
    if (redacted !== field) extra[key] = redacted;
  }
  if (args === entry.args && Object.keys(extra).length === 0) return entry;
  return { ...entry, ...extra, args };
}

/**
 * A logger that writes through `logger`'s reporters (whatever they are when each entry is
 * written) after redacting the bot token, anything shaped like a Discord token, and interaction
 * tokens in URLs. Level, tag and formatting stay those of `logger`.
 */
export function redactingLogger(logger: ConsolaInstance, secrets: readonly (string | undefined)[]): ConsolaInstance {
  const redact = redactor(secrets);
  const reporter: ConsolaReporter = {
    log(entry, ctx) {
      const clean = redactLogObject(entry, redact);
      for (const target of logger.options.reporters) target.log(clean, ctx);
    },
  };
  return logger.create({ reporters: [reporter] });
}
