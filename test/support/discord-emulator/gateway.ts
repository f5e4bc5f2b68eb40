/**
 * Emulated Discord gateway (v10, JSON encoding) for one bot session:
 * HELLO -> IDENTIFY -> READY + GUILD_CREATE..., HEARTBEAT -> HEARTBEAT_ACK,
 * RESUME -> replay of missed dispatches + RESUMED, INVALID_SESSION for unknown
 * sessions, optional zlib-stream transport compression and identify compress.
 * Sharding as Discord does it: IDENTIFY's shard [shard_id, num_shards] makes one session per
 * shard, and each guild's events (GUILD_CREATE, interactions, messages...) go only to the
 * session of the shard that owns it, (guild_id >> 22) % num_shards; events without a guild go to shard 0.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { EmulatorState, JsonObject } from './state.ts';
import { waitUntil } from './records.ts';
import { guildOfEvent, shardOfGuild } from './shard-routing.ts';

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export const GatewayIntent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** The intents Discord calls privileged: they must be enabled for the application first. */
export const PRIVILEGED_INTENTS = GatewayIntent.GuildMembers | (1 << 8) | GatewayIntent.MessageContent;

export interface GatewayPayload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

export interface ReceivedGatewayPayload {
  at: number;
  connection: number;
  op: number;
  d: unknown;
}

interface LoggedDispatch {
  s: number;
  t: string;
  d: unknown;
}

interface Session {
  id: string;
  /** [shard_id, num_shards] from IDENTIFY ([0, 1] when not given). */
  shard: [number, number];
  seq: number;
  intents: number;
  log: LoggedDispatch[];
  connection: Connection | null;
  /** true once READY/RESUMED (and the initial GUILD_CREATEs) went out on the current connection. */
  live: boolean;
}

interface Connection {
  id: number;
  ws: WebSocket;
  query: URLSearchParams;
  session: Session | null;
  identifyCompress: boolean;
  deflate: zlib.Deflate | null;
  deflateChunks: Buffer[];
  closed: boolean;
}

export interface GatewayStats {
  connections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
  invalidSessions: number;
}

/** One shard's session, as tests see it. */
export interface ShardSessionInfo {
  shard: [number, number];
  sessionId: string;
  live: boolean;
  sequence: number;
  intents: number;
  /** Guilds this shard owns (their GUILD_CREATE and events go to it). */
  guildIds: string[];
}

export interface GatewayOptions {
  state: EmulatorState;
  heartbeatIntervalMs: number;
  /** Privileged intents the application may ask for (see DiscordEmulatorOptions). */
  privilegedIntents: number;
  url: () => string;
}

export class Gateway {
  /** Every payload received from the bot, in order. */
  readonly received: ReceivedGatewayPayload[] = [];
  /** IDENTIFY payloads received (token, intents, properties...). */
  readonly identifies: JsonObject[] = [];
  readonly stats: GatewayStats = { connections: 0, identifies: 0, resumes: 0, heartbeats: 0, invalidSessions: 0 };
  readonly listeners = new Set<() => void>();

  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly connections = new Set<Connection>();
  /** By `${shard_id}/${num_shards}`: a new IDENTIFY of the same shard replaces its session. */
  private readonly sessions = new Map<string, Session>();
  private nextConnectionId = 1;
  private readonly options: GatewayOptions;

  constructor(options: GatewayOptions) {
    this.options = options;
  }

  /** The first shard's session (shard 0; the only one when the bot does not shard). */
  private get session(): Session | null {
    const all = [...this.sessions.values()];
    return all.find((session) => session.shard[0] === 0) ?? all[0] ?? null;
  }

  /** Intents of the current session (null before the first IDENTIFY). */
  get intents(): number | null {
    return this.session?.intents ?? null;
  }

  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  /** Whether sessions exist for every shard (0..num_shards-1), each connected and past READY/RESUMED. */
  get live(): boolean {
    const first = this.session;
    if (!first) return false;
    const count = first.shard[1];
    for (let shardId = 0; shardId < count; shardId++) {
      const session = this.sessions.get(`${shardId}/${count}`);
      if (!session?.live || !session.connection || session.connection.closed) return false;
    }
    return true;
  }

  /** Whether a session exists at all (events dispatched now are delivered now or replayed on RESUME). */
  get hasSession(): boolean {
    return this.sessions.size > 0;
  }

  /** Last sequence number dispatched in the current session. */
  get sequence(): number {
    return this.session?.seq ?? 0;
  }

  /** Every shard's session, by shard id. */
  get shards(): ShardSessionInfo[] {
    const { state } = this.options;
    return [...this.sessions.values()]
      .sort((a, b) => a.shard[0] - b.shard[0])
      .map((session) => ({
        shard: [...session.shard],
        sessionId: session.id,
        live: Boolean(session.live && session.connection && !session.connection.closed),
        sequence: session.seq,
        intents: session.intents,
        guildIds: [...state.guilds.keys()].filter((id) => owns(session, id)),
      }));
  }

  /** Intents of the session that gets this guild's events (shard 0's for DMs); null when no shard owns it. */
  intentsFor(guildId: string | null): number | null {
    return this.sessionsFor(guildId)[0]?.intents ?? null;
  }

  /** Whether a shard that owns this guild (shard 0 for DMs) has a session. */
  hasSessionFor(guildId: string | null): boolean {
    return this.sessionsFor(guildId).length > 0;
  }

  private sessionsFor(guildId: string | null): Session[] {
    return [...this.sessions.values()].filter((session) => owns(session, guildId));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const conn: Connection = {
      id: this.nextConnectionId++,
      ws,
      query,
      session: null,
      identifyCompress: false,
      deflate: null,
      deflateChunks: [],
      closed: false,
    };
    this.connections.add(conn);
    this.stats.connections++;
    ws.on('close', () => {
      conn.closed = true;
      conn.deflate?.close();
      this.connections.delete(conn);
      if (conn.session && conn.session.connection === conn) {
        conn.session.connection = null;
        conn.session.live = false;
      }
      this.notify();
    });
    ws.on('error', () => undefined);

    const version = query.get('v');
    if (version !== null && version !== '10' && version !== '9') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    const encoding = query.get('encoding') ?? 'json';
    if (encoding !== 'json') {
      ws.close(4002, `Emulator supports encoding=json only (got ${encoding})`);
      return;
    }
    const compress = query.get('compress');
    if (compress === 'zlib-stream') {
      conn.deflate = zlib.createDeflate({ chunkSize: 65535 });
      conn.deflate.on('data', (chunk: Buffer) => conn.deflateChunks.push(chunk));
    } else if (compress !== null) {
      ws.close(4000, `Unsupported compress=${compress}`);
      return;
    }

    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(conn, data, isBinary));
    this.sendRaw(conn, { op: GatewayOp.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['["discord-emulator",{}]'] }, s: null, t: null });
    this.notify();
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: JsonObject;
    try {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      payload = JSON.parse(text) as JsonObject;
    } catch {
      conn.ws.close(4002, 'Error while decoding payload');
      return;
    }
    const op = payload.op as number;
    this.received.push({ at: Date.now(), connection: conn.id, op, d: payload.d });
    switch (op) {
      case GatewayOp.Heartbeat:
        this.stats.heartbeats++;
        this.sendRaw(conn, { op: GatewayOp.HeartbeatAck, d: null, s: null, t: null });
        break;
      case GatewayOp.Identify:
        this.onIdentify(conn, (payload.d ?? {}) as JsonObject);
        break;
      case GatewayOp.Resume:
        this.onResume(conn, (payload.d ?? {}) as JsonObject);
        break;
      case GatewayOp.PresenceUpdate:
      case GatewayOp.VoiceStateUpdate:
        if (!conn.session) conn.ws.close(4003, 'Not authenticated');
        break;
      case GatewayOp.RequestGuildMembers:
        if (!conn.session) conn.ws.close(4003, 'Not authenticated');
        else this.onRequestGuildMembers((payload.d ?? {}) as JsonObject);
        break;
      default:
        conn.ws.close(4001, 'Unknown opcode');
    }
    this.notify();
  }

  private onIdentify(conn: Connection, d: JsonObject): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated');
      return;
    }
    if (typeof d.token !== 'string' || d.token.length === 0) {
      conn.ws.close(4004, 'Authentication failed');
      return;
    }
    if (typeof d.intents !== 'number') {
      conn.ws.close(4013, 'Invalid intent(s)');
      return;
    }
    if ((d.intents & PRIVILEGED_INTENTS & ~this.options.privilegedIntents) !== 0) {
      conn.ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    const shard: [number, number] | null = d.shard === undefined ? [0, 1] : validShard(d.shard);
    if (!shard) {
      conn.ws.close(4010, 'Invalid shard');
      return;
    }
    this.identifies.push(d);
    this.stats.identifies++;
    conn.identifyCompress = d.compress === true;

    // A new IDENTIFY replaces any previous session of the same shard (its socket, if still open, is dropped).
    const key = `${shard[0]}/${shard[1]}`;
    const previous = this.sessions.get(key);
    if (previous?.connection && previous.connection !== conn && !previous.connection.closed) {
      previous.connection.ws.close(4009, 'Session replaced');
    }
    const { state } = this.options;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shard,
      seq: 0,
      intents: d.intents,
      log: [],
      connection: conn,
      live: false,
    };
    this.sessions.set(key, session);
    conn.session = session;
    const guildIds = [...state.guilds.keys()].filter((id) => owns(session, id));
    this.dispatchTo(session, 'READY', {
      v: 10,
      user: state.botUser,
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.options.url(),
      shard,
      application: { id: state.applicationId, flags: (1 << 19) | (1 << 23) },
      user_settings: {},
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      _trace: ['["discord-emulator",{}]'],
    });
    for (const guildId of guildIds) this.dispatchTo(session, 'GUILD_CREATE', state.guildCreatePayload(guildId));
    session.live = true;
    this.notify();
  }

  private onResume(conn: Connection, d: JsonObject): void {
    const session = [...this.sessions.values()].find((candidate) => candidate.id === d.session_id);
    if (!session || typeof d.seq !== 'number' || d.seq > session.seq) {
      this.stats.invalidSessions++;
      // Discord answers an unresumable session with op 9 d:false.
      this.sendRaw(conn, { op: GatewayOp.InvalidSession, d: false, s: null, t: null });
      return;
    }
    this.stats.resumes++;
    const old = session.connection;
    if (old && old !== conn && !old.closed) old.ws.close(4009, 'Session resumed elsewhere');
    session.connection = conn;
    conn.session = session;
    for (const entry of session.log) {
      if (entry.s > d.seq) this.sendRaw(conn, { op: GatewayOp.Dispatch, d: entry.d, s: entry.s, t: entry.t });
    }
    this.dispatchTo(session, 'RESUMED', { _trace: ['["discord-emulator",{}]'] });
    session.live = true;
    this.notify();
  }

  private onRequestGuildMembers(d: JsonObject): void {
    const { state } = this.options;
    const guildId = String(d.guild_id);
    const guild = state.guilds.get(guildId);
    if (!guild) return;
    const members = [state.botMember(guild), ...guild.members.values()];
    const wanted: string[] | null = Array.isArray(d.user_ids) ? d.user_ids.map(String) : typeof d.user_ids === 'string' ? [d.user_ids] : null;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const selected = members.filter((m) =>
      wanted ? wanted.includes(m.user.id as string) : String(m.user.username).toLowerCase().startsWith(query),
    );
    const limit = typeof d.limit === 'number' && d.limit > 0 ? d.limit : selected.length;
    this.dispatch('GUILD_MEMBERS_CHUNK', {
      guild_id: guildId,
      members: selected.slice(0, limit),
      chunk_index: 0,
      chunk_count: 1,
      not_found: wanted ? wanted.filter((id) => !selected.some((m) => m.user.id === id)) : [],
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }

  /**
   * Dispatches an event to the session of the shard that owns its guild (shard 0 without a
   * guild). If that session's socket is down the event is kept and replayed on RESUME.
   * Resolves when written to the socket (or immediately when buffered). Throws when no shard
   * owning it has identified.
   */
  dispatch(t: string, d: unknown): Promise<void> {
    const guildId = guildOfEvent(t, d);
    const targets = this.sessionsFor(guildId);
    if (targets.length === 0) {
      if (!this.hasSession) throw new Error(`DiscordEmulator: cannot dispatch ${t}: the bot has not identified on the gateway yet (await emulator.waitForReady())`);
      throw new Error(`DiscordEmulator: cannot dispatch ${t}: no connected shard owns guild ${guildId ?? '(none: shard 0)'} (shards identified: ${this.shards.map((s) => s.shard.join('/')).join(', ')})`);
    }
    return Promise.all(targets.map((session) => this.dispatchTo(session, t, d))).then(() => undefined);
  }

  private dispatchTo(session: Session, t: string, d: unknown): Promise<void> {
    session.seq++;
    const entry: LoggedDispatch = { s: session.seq, t, d };
    session.log.push(entry);
    const conn = session.connection;
    if (!conn || conn.closed) return Promise.resolve();
    return this.sendRaw(conn, { op: GatewayOp.Dispatch, d, s: entry.s, t });
  }

  private sendRaw(conn: Connection, payload: GatewayPayload): Promise<void> {
    if (conn.closed || conn.ws.readyState !== conn.ws.OPEN) return Promise.resolve();
    const json = JSON.stringify(payload);
    return new Promise<void>((resolve) => {
      const done = (): void => resolve();
      if (conn.deflate) {
        conn.deflate.write(json);
        conn.deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
          const out = Buffer.concat(conn.deflateChunks);
          conn.deflateChunks = [];
          if (conn.closed || out.length === 0) return done();
          conn.ws.send(out, { binary: true }, done);
        });
      } else if (conn.identifyCompress) {
        conn.ws.send(zlib.deflateSync(json), { binary: true }, done);
      } else {
        conn.ws.send(json, { binary: false }, done);
      }
    });
  }

  /**
   * Drops the current connection so the client reconnects. Default closes with
   * 4000 (unknown error), on which discord.js resumes; 'reconnect' sends op 7
   * RECONNECT instead; 'invalidate' sends op 9 INVALID_SESSION d:false (the
   * client re-identifies).
   */
  disconnect(mode: 'close' | 'reconnect' | 'invalidate' = 'close', code = 4000, shardId?: number): void {
    const session = shardId === undefined ? this.session : [...this.sessions.values()].find((candidate) => candidate.shard[0] === shardId);
    const conn = session?.connection;
    if (!session || !conn || conn.closed) throw new Error(`DiscordEmulator: no open gateway connection${shardId === undefined ? '' : ` of shard ${shardId}`} to disconnect`);
    session.live = false;
    if (mode === 'reconnect') void this.sendRaw(conn, { op: GatewayOp.Reconnect, d: null, s: null, t: null });
    else if (mode === 'invalidate') {
      this.stats.invalidSessions++;
      this.sessions.delete(`${session.shard[0]}/${session.shard[1]}`);
      void this.sendRaw(conn, { op: GatewayOp.InvalidSession, d: false, s: null, t: null });
    } else conn.ws.close(code, 'Emulator disconnect');
    this.notify();
  }

  waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return waitUntil(this.listeners, check, timeoutMs, () => `DiscordEmulator: timed out after ${timeoutMs} ms waiting for ${what}`);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Terminates every socket and the server. */
  async close(): Promise<void> {
    for (const conn of this.connections) {
      conn.closed = true;
      conn.deflate?.close();
      conn.ws.terminate();
    }
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function owns(session: Session, guildId: string | null): boolean {
  return shardOfGuild(guildId, session.shard[1]) === session.shard[0];
}

/** [shard_id, num_shards] when well formed (Discord closes with 4010 Invalid shard otherwise). */
function validShard(value: unknown): [number, number] | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return null;
  if ((count as number) < 1 || (id as number) < 0 || (id as number) >= (count as number)) return null;
  return [id as number, count as number];
}
