/**
 * What the emulator records: every REST call, every message the bot posted to
 * a channel, and per-interaction responses (exposed through InteractionHandle).
 */
import type { JsonObject } from './state.ts';

export interface RecordedFile {
  /** Multipart field name, e.g. "files[0]". */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedCall {
  /** Sequential index in `emulator.calls`. */
  index: number;
  at: number;
  method: string;
  /** Route path after `/api/vN`, percent-decoded per segment (e.g. `/webhooks/1/tok/messages/@original`). */
  path: string;
  /** The raw request URL as received (e.g. `/api/v10/webhooks/1/tok/messages/%40original?with_response=false`). */
  rawUrl: string;
  /** The API version in the URL (10 for discord.js v14), or null if unversioned. */
  version: number | null;
  query: Record<string, string>;
  /** Lower-cased request headers (authorization included, so tests can assert it). */
  headers: Record<string, string>;
  /** Parsed JSON body, or the parsed `payload_json` of a multipart request; undefined when empty. */
  body: unknown;
  files: RecordedFile[];
  /** Route pattern that handled it, e.g. `POST /channels/:channelId/messages`; null if unknown. */
  route: string | null;
  status: number;
  /** The JSON the emulator answered with (undefined for 204). */
  response: unknown;
}

export interface RecordedMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  /** Current content (after any edits). */
  content: string;
  embeds: JsonObject[];
  components: JsonObject[];
  flags: number;
  /** `allowed_mentions` exactly as the bot sent it (undefined if omitted). */
  allowedMentions: JsonObject | undefined;
  /** `message_reference` exactly as the bot sent it (undefined if not a reply). */
  messageReference: JsonObject | undefined;
  /** The create request body as sent (payload_json for multipart). */
  body: JsonObject;
  files: RecordedFile[];
  /** The message object as the emulator currently holds it (what discord.js received). */
  message: JsonObject;
  /** Edit request bodies in order. */
  edits: JsonObject[];
  deleted: boolean;
}

export function syncRecordedMessage(record: RecordedMessage): void {
  const m = record.message;
  record.content = m.content as string;
  record.embeds = m.embeds as JsonObject[];
  record.components = m.components as JsonObject[];
  record.flags = m.flags as number;
}

export type InteractionResponseKind =
  | 'callback'
  | 'editOriginal'
  | 'deleteOriginal'
  | 'followup'
  | 'editFollowup'
  | 'deleteFollowup';

export interface InteractionResponseRecord {
  kind: InteractionResponseKind;
  at: number;
  /** For kind 'callback': the interaction callback type (4 reply, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  callbackType?: number;
  /** The callback's `data`, or the webhook request body for edits/followups. */
  data?: JsonObject;
  /** The complete request body as sent. */
  body?: JsonObject;
  files: RecordedFile[];
  /** Message id involved (original, followup or edited message). */
  messageId?: string;
  /** Snapshot of the resulting message object (undefined for deletes / autocomplete / modal). */
  message?: JsonObject;
  /** Query string of the request (e.g. `with_response`, `wait`). */
  query: Record<string, string>;
}

const FINAL_CALLBACKS = new Set([4, 7, 8, 9, 10, 12]);

export interface SettleOptions {
  /** Max time to wait for a complete response (default 5000 ms). */
  timeoutMs?: number;
  /** After a complete response, wait until no new response for this long (default 100 ms). */
  quietMs?: number;
}

/**
 * Handle to an interaction delivered to the bot. Awaiting it (it is
 * PromiseLike) resolves to every response the bot made for the interaction,
 * in order, once the bot has completed its answer (a non-deferred callback, or
 * a deferred callback followed by an edit/followup) and then gone quiet for
 * `quietMs`. Rejects after `timeoutMs` without a complete answer.
 *
 * Note: since it is thenable, returning it from an async function awaits it.
 */
export class InteractionHandle implements PromiseLike<InteractionResponseRecord[]> {
  readonly id: string;
  readonly token: string;
  /** The raw INTERACTION_CREATE payload sent to the bot. */
  readonly payload: JsonObject;
  /** Responses so far (live array). */
  readonly responses: InteractionResponseRecord[] = [];
  /** Set when the emulator refused a response (e.g. 10062 after the deadline, 40060 double ack). */
  readonly errors: { at: number; status: number; body: JsonObject; route: string }[] = [];
  /** Current state of the @original response message, if any. */
  original: JsonObject | undefined;
  /** Current state of followup messages, in creation order. */
  readonly followups: JsonObject[] = [];
  private readonly listeners = new Set<() => void>();
  private abortReason: string | null = null;

  constructor(id: string, token: string, payload: JsonObject) {
    this.id = id;
    this.token = token;
    this.payload = payload;
  }

  /** The first callback the bot made, if any. */
  get callback(): InteractionResponseRecord | undefined {
    return this.responses.find((r) => r.kind === 'callback');
  }

  /** Whether the bot's answer is complete (see class docs). */
  get complete(): boolean {
    const cb = this.callback;
    if (!cb) return false;
    if (FINAL_CALLBACKS.has(cb.callbackType ?? -1)) return true;
    return this.responses.some((r) => r.kind !== 'callback');
  }

  /** @internal */
  push(record: InteractionResponseRecord): void {
    this.responses.push(record);
    for (const listener of [...this.listeners]) listener();
  }

  /** @internal */
  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** @internal Makes pending and future waits reject (used by emulator.stop()). */
  abort(reason: string): void {
    this.abortReason = reason;
    this.notify();
  }

  private checkAborted(): void {
    if (this.abortReason !== null) throw new Error(`interaction ${this.id}: ${this.abortReason}`);
  }

  /** Resolves with the first response (existing or future) matching the predicate. */
  waitFor(predicate: (r: InteractionResponseRecord) => boolean = () => true, timeoutMs = 5000): Promise<InteractionResponseRecord> {
    return waitUntil(
      this.listeners,
      () => {
        const found = this.responses.find(predicate);
        if (found === undefined) this.checkAborted();
        return found;
      },
      timeoutMs,
      () => `interaction ${this.id}: no matching response within ${timeoutMs} ms; got ${describe(this.responses)}${this.describeErrors()}`,
    );
  }

  /** See class docs. */
  async settled(options: SettleOptions = {}): Promise<InteractionResponseRecord[]> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const quietMs = options.quietMs ?? 100;
    await waitUntil(
      this.listeners,
      () => {
        if (this.complete) return true;
        this.checkAborted();
        return undefined;
      },
      timeoutMs,
      () => `interaction ${this.id}: bot did not complete its response within ${timeoutMs} ms; got ${describe(this.responses)}${this.describeErrors()}`,
    );
    // Wait for quiet.
    for (;;) {
      const count = this.responses.length;
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (this.responses.length === count) return [...this.responses];
    }
  }

  then<T1 = InteractionResponseRecord[], T2 = never>(
    onfulfilled?: ((value: InteractionResponseRecord[]) => T1 | PromiseLike<T1>) | null,
    onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): PromiseLike<T1 | T2> {
    return this.settled().then(onfulfilled, onrejected);
  }

  private describeErrors(): string {
    if (this.errors.length === 0) return '';
    return `; refused: ${this.errors.map((e) => `${e.route} -> ${e.status} ${JSON.stringify(e.body)}`).join(', ')}`;
  }
}

function describe(responses: InteractionResponseRecord[]): string {
  if (responses.length === 0) return 'nothing';
  return responses.map((r) => (r.kind === 'callback' ? `callback(type ${r.callbackType})` : r.kind)).join(', ');
}

/**
 * Resolves once `check()` returns something other than undefined, re-checking
 * whenever a listener in `listeners` fires. Rejects after timeoutMs.
 */
export function waitUntil<T>(
  listeners: Set<() => void>,
  check: () => T | undefined,
  timeoutMs: number,
  message: () => string,
): Promise<T> {
  let immediate: T | undefined;
  try {
    immediate = check();
  } catch (error) {
    return Promise.reject(error);
  }
  if (immediate !== undefined) return Promise.resolve(immediate);
  return new Promise<T>((resolve, reject) => {
    const listener = (): void => {
      let value: T | undefined;
      try {
        value = check();
      } catch (error) {
        cleanup();
        reject(error);
        return;
      }
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(message()));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      listeners.delete(listener);
    };
    listeners.add(listener);
  });
}
