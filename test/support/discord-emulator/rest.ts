/**
 * REST routes of the emulated Discord API (paths relative to /api/vN).
 * Each handler returns { status, body } or throws ApiFailure (see core.ts).
 */
import { ApiFailure, fail, isEphemeral, type EmulatorCore } from './core.ts';
import { InteractionType, type InteractionRecord } from './interactions.ts';
import { syncRecordedMessage, type InteractionResponseRecord, type RecordedFile } from './records.ts';
import {
  ChannelTypes,
  MessageFlags,
  Permission,
  applyMessageEdit,
  buildMessage,
  isThreadType,
  snowflake,
  type JsonObject,
} from './state.ts';
import { validateAutocompleteData, validateCommand, validateCommandList, validateMessageBody } from './validation.ts';

export interface RestRequest {
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
  headers: Record<string, string>;
}

export interface RestResponse {
  status: number;
  body?: unknown;
}

export interface Route {
  method: string;
  pattern: string;
  segments: string[];
  /** Whether a `Authorization: Bot ...` header is required. */
  auth: boolean;
  handler: (req: RestRequest) => RestResponse | Promise<RestResponse>;
}

export function matchRoute(routes: Route[], method: string, segments: string[]): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length; i++) {
      const pattern = route.segments[i] as string;
      const actual = segments[i] as string;
      if (pattern.startsWith(':')) params[pattern.slice(1)] = actual;
      else if (pattern !== actual) {
        ok = false;
        break;
      }
    }
    if (ok) return { route, params };
  }
  return null;
}

const ok = (body: unknown, status = 200): RestResponse => ({ status, body });
const noContent = (): RestResponse => ({ status: 204 });

function objectBody(req: RestRequest): JsonObject {
  const body = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) fail(400, 50109, 'The request body contains invalid JSON.');
  return body as JsonObject;
}

export function createRoutes(core: EmulatorCore): Route[] {
  const { state } = core;
  const routes: Route[] = [];
  const add = (method: string, pattern: string, handler: Route['handler'], auth = true): void => {
    routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), auth, handler });
  };
  const validate = (error: { status: number; body: JsonObject } | null): void => {
    if (error && core.options.validate) throw new ApiFailure(error.status, error.body);
  };

  // ---------------------------------------------------------------- gateway / users / application
  add('GET', '/gateway', () => ok({ url: core.gatewayUrl }), false);
  add('GET', '/gateway/bot', () =>
    ok({
      url: core.gatewayUrl,
      shards: core.options.shards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    }),
  );
  add('GET', '/users/@me', () => ok(state.botUser));
  add('POST', '/users/@me/channels', (req) => {
    const recipient = String(objectBody(req).recipient_id ?? '');
    if (!recipient) fail(400, 50035, 'Invalid Form Body');
    return ok(state.dmChannelFor(recipient));
  });
  add('GET', '/users/:userId', (req) => {
    const user = state.users.get(req.params.userId as string);
    if (!user) fail(404, 10013, 'Unknown User');
    return ok(state.userOrStub(user.id as string));
  });
  add('GET', '/applications/@me', () =>
    ok({
      id: state.applicationId,
      name: state.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot: state.botAuthor(),
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: (1 << 19) | (1 << 23),
      owner: { id: '1', username: 'owner', discriminator: '0', global_name: null, avatar: null, public_flags: 0, flags: 0 },
      team: null,
      approximate_guild_count: state.guilds.size,
      interactions_endpoint_url: null,
      redirect_uris: [],
      tags: [],
      integration_types_config: { '0': {} },
    }),
  );

  // ---------------------------------------------------------------- application commands
  const checkApp = (req: RestRequest): void => {
    if (req.params.appId !== state.applicationId) fail(404, 10002, 'Unknown Application');
  };
  const commandList = (guildId: string | null): JsonObject[] => {
    if (guildId === null) return core.commands.global;
    if (!state.guilds.has(guildId)) fail(404, 10004, 'Unknown Guild');
    let list = core.commands.guild.get(guildId);
    if (!list) {
      list = [];
      core.commands.guild.set(guildId, list);
    }
    return list;
  };
  const normaliseCommand = (body: JsonObject, guildId: string | null, existing?: JsonObject): JsonObject => ({
    id: existing?.id ?? snowflake(),
    application_id: state.applicationId,
    version: snowflake(),
    type: body.type ?? 1,
    name: body.name,
    name_localizations: body.name_localizations ?? null,
    description: body.description ?? '',
    description_localizations: body.description_localizations ?? null,
    options: body.options ?? [],
    default_member_permissions: body.default_member_permissions ?? null,
    dm_permission: body.dm_permission ?? true,
    nsfw: body.nsfw ?? false,
    integration_types: body.integration_types ?? [0],
    contexts: body.contexts ?? null,
    ...(guildId ? { guild_id: guildId } : {}),
  });
  for (const scope of ['global', 'guild'] as const) {
    const base = scope === 'global' ? '/applications/:appId/commands' : '/applications/:appId/guilds/:guildId/commands';
    const guildOf = (req: RestRequest): string | null => (scope === 'guild' ? (req.params.guildId as string) : null);
    add('GET', base, (req) => {
      checkApp(req);
      return ok(commandList(guildOf(req)));
    });
    add('PUT', base, (req) => {
      checkApp(req);
      validate(validateCommandList(req.body));
      const list = commandList(guildOf(req));
      const previous = [...list];
      const next = (req.body as JsonObject[]).map((cmd) =>
        normaliseCommand(cmd, guildOf(req), previous.find((p) => p.name === cmd.name && p.type === (cmd.type ?? 1))),
      );
      list.splice(0, list.length, ...next);
      return ok(list);
    });
    add('POST', base, (req) => {
      checkApp(req);
      const body = objectBody(req);
      validate(validateCommand(body));
      const list = commandList(guildOf(req));
      const index = list.findIndex((c) => c.name === body.name && c.type === (body.type ?? 1));
      const command = normaliseCommand(body, guildOf(req), index >= 0 ? list[index] : undefined);
      if (index >= 0) list[index] = command;
      else list.push(command);
      return ok(command, index >= 0 ? 200 : 201);
    });
    add('GET', `${base}/:commandId`, (req) => {
      checkApp(req);
      const command = commandList(guildOf(req)).find((c) => c.id === req.params.commandId);
      if (!command) fail(404, 10063, 'Unknown application command');
      return ok(command);
    });
    add('PATCH', `${base}/:commandId`, (req) => {
      checkApp(req);
      const list = commandList(guildOf(req));
      const index = list.findIndex((c) => c.id === req.params.commandId);
      if (index < 0) fail(404, 10063, 'Unknown application command');
      const merged = { ...list[index], ...objectBody(req) };
      validate(validateCommand(merged));
      const command = normaliseCommand(merged, guildOf(req), list[index]);
      list[index] = command;
      return ok(command);
    });
    add('DELETE', `${base}/:commandId`, (req) => {
      checkApp(req);
      const list = commandList(guildOf(req));
      const index = list.findIndex((c) => c.id === req.params.commandId);
      if (index < 0) fail(404, 10063, 'Unknown application command');
      list.splice(index, 1);
      return noContent();
    });
  }

  // ---------------------------------------------------------------- interactions
  const push = (rec: InteractionRecord, record: Omit<InteractionResponseRecord, 'at'>): void => {
    rec.handle.push({ at: Date.now(), ...record });
    core.notify();
  };
  const refuse = (rec: InteractionRecord | undefined, route: string, status: number, code: number, message: string): never => {
    const body = { message, code };
    if (rec) {
      rec.handle.errors.push({ at: Date.now(), status, body, route });
      rec.handle.notify();
    }
    throw new ApiFailure(status, body);
  };
  const interactionMessageExtras = (rec: InteractionRecord): JsonObject => ({
    webhook_id: state.applicationId,
    application_id: state.applicationId,
    interaction_metadata: {
      id: rec.id,
      type: rec.type,
      user: rec.user,
      authorizing_integration_owners: rec.guildId ? { '0': rec.guildId } : { '1': rec.user.id },
      ...(rec.commandName ? { name: rec.commandName, command_type: 1 } : {}),
    },
    interaction: { id: rec.id, type: rec.type, name: rec.commandName ?? '', user: rec.user },
  });
  const newInteractionMessage = (rec: InteractionRecord, body: JsonObject, files: RecordedFile[], extraFlags = 0): JsonObject => {
    const message = buildMessage({
      channelId: rec.channelId,
      guildId: rec.guildId,
      author: state.botAuthor(),
      body: { ...body, flags: ((body.flags as number | undefined) ?? 0) | extraFlags },
      type: rec.type === InteractionType.ApplicationCommand ? 20 : 0,
      attachments: core.attachmentsFor(rec.channelId, body, files),
      extra: interactionMessageExtras(rec),
      state,
    });
    state.storeMessage(message);
    return message;
  };
  const snapshot = (message: JsonObject): JsonObject => structuredClone(message);

  add(
    'POST',
    '/interactions/:interactionId/:token/callback',
    (req) => {
      const route = 'POST /interactions/:interactionId/:token/callback';
      const rec = core.interactions.get(req.params.token as string);
      if (!rec || rec.id !== req.params.interactionId) return refuse(rec, route, 404, 10062, 'Unknown interaction');
      if (rec.acknowledged) return refuse(rec, route, 400, 40060, 'Interaction has already been acknowledged.');
      const deadline = core.options.interactionDeadlineMs;
      if (deadline > 0 && Date.now() - rec.createdAt > deadline) return refuse(rec, route, 404, 10062, 'Unknown interaction');
      const body = objectBody(req);
      const type = body.type as number;
      const data = (body.data ?? undefined) as JsonObject | undefined;
      const isComponentLike = rec.type === InteractionType.MessageComponent || rec.type === InteractionType.ModalSubmit;
      let message: JsonObject | undefined;
      let resourceMessage: JsonObject | undefined;
      switch (type) {
        case 4: {
          if (rec.type === InteractionType.ApplicationCommandAutocomplete) return refuse(rec, route, 400, 50035, 'Invalid Form Body');
          validate(validateMessageBody(data ?? {}, { create: true, fileCount: req.files.length }));
          message = newInteractionMessage(rec, data ?? {}, req.files);
          rec.originalMessageId = message.id as string;
          rec.handle.original = message;
          core.echoBotMessageCreate(message);
          resourceMessage = message;
          break;
        }
        case 5: {
          if (rec.type === InteractionType.ApplicationCommandAutocomplete) return refuse(rec, route, 400, 50035, 'Invalid Form Body');
          const ephemeral = ((data?.flags as number | undefined) ?? 0) & MessageFlags.Ephemeral;
          message = newInteractionMessage(rec, { content: '' }, [], ephemeral | MessageFlags.Loading);
          rec.originalMessageId = message.id as string;
          rec.handle.original = message;
          core.echoBotMessageCreate(message);
          resourceMessage = message;
          break;
        }
        case 6:
        case 7: {
          if (!isComponentLike || !rec.componentMessageId)
            return refuse(rec, route, 400, 50035, `Interaction callback type ${type} is only valid for component interactions`);
          const target = state.messages.get(rec.componentMessageId)?.message;
          rec.originalMessageId = rec.componentMessageId;
          if (target && type === 7) {
            validate(validateMessageBody(data ?? {}, { create: false, fileCount: req.files.length }));
            applyMessageEdit(target, data ?? {}, state, req.files.length ? core.attachmentsFor(rec.channelId, data ?? {}, req.files) : undefined);
            const recorded = core.recordsById.get(target.id as string);
            if (recorded) {
              recorded.edits.push(data ?? {});
              syncRecordedMessage(recorded);
            }
            core.echoBotMessageUpdate(target);
          }
          message = target;
          rec.handle.original = target;
          resourceMessage = target;
          break;
        }
        case 8: {
          if (rec.type !== InteractionType.ApplicationCommandAutocomplete)
            return refuse(rec, route, 400, 50035, 'Autocomplete results are only valid for autocomplete interactions');
          validate(validateAutocompleteData(data));
          break;
        }
        case 9: {
          if (rec.type === InteractionType.ApplicationCommandAutocomplete || rec.type === InteractionType.ModalSubmit)
            return refuse(rec, route, 400, 50035, 'Invalid Form Body');
          break;
        }
        case 10:
        case 12:
          break;
        default:
          return refuse(rec, route, 400, 50035, `Invalid interaction callback type ${String(type)}`);
      }
      rec.acknowledged = true;
      rec.callbackType = type;
      push(rec, {
        kind: 'callback',
        callbackType: type,
        ...(data !== undefined ? { data } : {}),
        body,
        files: req.files,
        ...(message ? { messageId: message.id as string, message: snapshot(message) } : {}),
        query: req.query,
      });
      if (req.query.with_response !== 'true') return noContent();
      return ok({
        interaction: {
          id: rec.id,
          type: rec.type,
          ...(rec.originalMessageId
            ? {
                response_message_id: rec.originalMessageId,
                response_message_loading: type === 5,
                response_message_ephemeral: message ? isEphemeral(message) : false,
              }
            : {}),
        },
        resource: {
          type,
          ...(resourceMessage && (type === 4 || type === 7) ? { message: resourceMessage } : {}),
        },
      });
    },
    false,
  );

  const webhookInteraction = (req: RestRequest, route: string): InteractionRecord => {
    const rec = core.interactions.get(req.params.token as string);
    if (!rec || req.params.appId !== state.applicationId) return refuse(rec, route, 404, 10015, 'Unknown Webhook');
    if (!rec.acknowledged) return refuse(rec, route, 404, 10015, 'Unknown Webhook');
    return rec;
  };
  const webhookMessage = (rec: InteractionRecord, messageId: string, route: string): JsonObject => {
    const id = messageId === '@original' ? rec.originalMessageId : messageId;
    const allowed = id !== null && (id === rec.originalMessageId || rec.followupIds.includes(id));
    const stored = id ? state.messages.get(id) : undefined;
    if (!allowed || !stored || stored.deleted) return refuse(rec, route, 404, 10008, 'Unknown Message');
    return stored.message;
  };

  add(
    'POST',
    '/webhooks/:appId/:token',
    (req) => {
      const route = 'POST /webhooks/:appId/:token';
      const rec = webhookInteraction(req, route);
      const body = objectBody(req);
      validate(validateMessageBody(body, { create: true, fileCount: req.files.length }));
      const original = rec.originalMessageId ? state.messages.get(rec.originalMessageId)?.message : undefined;
      let message: JsonObject;
      if (rec.callbackType === 5 && original && ((original.flags as number) & MessageFlags.Loading) !== 0) {
        // Documented legacy behaviour: the first followup after a deferred reply edits the loading message.
        applyMessageEdit(original, { ...body, flags: undefined }, state, req.files.length ? core.attachmentsFor(rec.channelId, body, req.files) : undefined);
        message = original;
        core.echoBotMessageUpdate(message);
      } else {
        message = newInteractionMessage(rec, body, req.files);
        rec.followupIds.push(message.id as string);
        rec.handle.followups.push(message);
        core.echoBotMessageCreate(message);
      }
      push(rec, { kind: 'followup', data: body, body, files: req.files, messageId: message.id as string, message: snapshot(message), query: req.query });
      return req.query.wait === 'false' ? noContent() : ok(message);
    },
    false,
  );
  add(
    'GET',
    '/webhooks/:appId/:token/messages/:messageId',
    (req) => {
      const route = 'GET /webhooks/:appId/:token/messages/:messageId';
      const rec = webhookInteraction(req, route);
      return ok(webhookMessage(rec, req.params.messageId as string, route));
    },
    false,
  );
  add(
    'PATCH',
    '/webhooks/:appId/:token/messages/:messageId',
    (req) => {
      const route = 'PATCH /webhooks/:appId/:token/messages/:messageId';
      const rec = webhookInteraction(req, route);
      const message = webhookMessage(rec, req.params.messageId as string, route);
      const body = objectBody(req);
      validate(validateMessageBody(body, { create: false, fileCount: req.files.length }));
      applyMessageEdit(message, body, state, req.files.length ? core.attachmentsFor(rec.channelId, body, req.files) : undefined);
      const recorded = core.recordsById.get(message.id as string);
      if (recorded) {
        recorded.edits.push(body);
        syncRecordedMessage(recorded);
      }
      core.echoBotMessageUpdate(message);
      const isOriginal = message.id === rec.originalMessageId;
      push(rec, {
        kind: isOriginal ? 'editOriginal' : 'editFollowup',
        data: body,
        body,
        files: req.files,
        messageId: message.id as string,
        message: snapshot(message),
        query: req.query,
      });
      return ok(message);
    },
    false,
  );
  add(
    'DELETE',
    '/webhooks/:appId/:token/messages/:messageId',
    (req) => {
      const route = 'DELETE /webhooks/:appId/:token/messages/:messageId';
      const rec = webhookInteraction(req, route);
      const message = webhookMessage(rec, req.params.messageId as string, route);
      const stored = state.messages.get(message.id as string);
      if (stored) stored.deleted = true;
      const recorded = core.recordsById.get(message.id as string);
      if (recorded) recorded.deleted = true;
      core.echoBotMessageDelete(message);
      const isOriginal = message.id === rec.originalMessageId;
      push(rec, { kind: isOriginal ? 'deleteOriginal' : 'deleteFollowup', files: [], messageId: message.id as string, query: req.query });
      return noContent();
    },
    false,
  );

  // ---------------------------------------------------------------- channels & messages
  const channelOr404 = (id: string): JsonObject => {
    const channel = state.channels.get(id);
    if (!channel) fail(404, 10003, 'Unknown Channel');
    return channel;
  };
  const requirePermission = (channel: JsonObject, bit: bigint): void => {
    if (!core.options.enforcePermissions || !channel.guild_id) return;
    const perms = BigInt(state.botPermissionsIn(channel.guild_id as string));
    if ((perms & Permission.Administrator) !== 0n) return;
    if ((perms & Permission.ViewChannel) === 0n) fail(403, 50001, 'Missing Access');
    if ((perms & bit) === 0n) fail(403, 50013, 'Missing Permissions');
  };
  const messageOr404 = (channelId: string, messageId: string): JsonObject => {
    const message = state.liveMessage(channelId, messageId);
    if (!message) fail(404, 10008, 'Unknown Message');
    return message;
  };

  add('GET', '/channels/:channelId', (req) => ok(channelOr404(req.params.channelId as string)));
  add('PATCH', '/channels/:channelId', (req) => {
    const channel = channelOr404(req.params.channelId as string);
    const body = objectBody(req);
    if (typeof body.name === 'string') channel.name = body.name;
    if (isThreadType(channel.type as number)) {
      const meta = channel.thread_metadata as JsonObject;
      for (const key of ['archived', 'locked', 'auto_archive_duration', 'invitable'] as const) if (key in body) meta[key] = body[key];
      if ('archived' in body) meta.archive_timestamp = new Date().toISOString();
      if (core.gateway.hasSessionFor(guildOf(channel))) void core.gateway.dispatch('THREAD_UPDATE', channel);
    } else if (core.gateway.hasSessionFor(guildOf(channel))) void core.gateway.dispatch('CHANNEL_UPDATE', channel);
    return ok(channel);
  });
  add('GET', '/channels/:channelId/messages', (req) => {
    const channel = channelOr404(req.params.channelId as string);
    requirePermission(channel, Permission.ReadMessageHistory);
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), 100);
    let list = [...state.messages.values()]
      .filter((s) => !s.deleted && s.message.channel_id === channel.id && !isEphemeral(s.message))
      .map((s) => s.message)
      .sort((a, b) => (BigInt(b.id as string) > BigInt(a.id as string) ? 1 : -1));
    if (req.query.before) list = list.filter((m) => BigInt(m.id as string) < BigInt(req.query.before as string));
    if (req.query.after) list = list.filter((m) => BigInt(m.id as string) > BigInt(req.query.after as string));
    return ok(list.slice(0, limit).map((m) => core.visibleMessage(m)));
  });
  add('GET', '/channels/:channelId/messages/:messageId', (req) => {
    const channel = channelOr404(req.params.channelId as string);
    requirePermission(channel, Permission.ReadMessageHistory);
    return ok(core.visibleMessage(messageOr404(channel.id as string, req.params.messageId as string)));
  });
  add('POST', '/channels/:channelId/messages', (req) => {
    const channel = channelOr404(req.params.channelId as string);
    requirePermission(channel, isThreadType(channel.type as number) ? Permission.SendMessagesInThreads : Permission.SendMessages);
    if (channel.thread_metadata?.locked) fail(403, 50083, 'Thread is archived');
    const body = objectBody(req);
    validate(validateMessageBody(body, { create: true, fileCount: req.files.length }));
    let referenced: JsonObject | null = null;
    const reference = body.message_reference as JsonObject | undefined;
    if (reference && (reference.type ?? 0) === 0 && reference.message_id !== undefined) {
      const refChannel = String(reference.channel_id ?? channel.id);
      const found = refChannel === channel.id ? state.liveMessage(refChannel, String(reference.message_id)) : undefined;
      if (found) referenced = found;
      else if (reference.fail_if_not_exists !== false) {
        throw new ApiFailure(400, {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } },
        });
      }
    }
    if (channel.thread_metadata?.archived) {
      // Sending to an archived (unlocked) thread unarchives it.
      channel.thread_metadata.archived = false;
    }
    const message = buildMessage({
      channelId: channel.id as string,
      guildId: (channel.guild_id as string | undefined) ?? null,
      author: state.botAuthor(),
      body,
      referenced,
      attachments: core.attachmentsFor(channel.id as string, body, req.files),
      state,
    });
    state.storeMessage(message);
    core.recordChannelMessage(message, body, req.files);
    core.echoBotMessageCreate(message);
    core.notify();
    return ok(message);
  });
  add('PATCH', '/channels/:channelId/messages/:messageId', (req) => {
    const channel = channelOr404(req.params.channelId as string);
    const message = messageOr404(channel.id as string, req.params.messageId as string);
    const body = objectBody(req);
    if (message.author?.id !== state.botUserId) {
      const onlyFlags = Object.keys(body).every((k) => k === 'flags');
      if (!onlyFlags) fail(403, 50005, 'Cannot edit a message authored by another user');
    }
    validate(validateMessageBody(body, { create: false, fileCount: req.files.length }));
    applyMessageEdit(message, body, state, req.files.length ? core.attachmentsFor(channel.id as string, body, req.files) : undefined);
    const recorded = core.recordsById.get(message.id as string);
    if (recorded) {
      recorded.edits.push(body);
      syncRecordedMessage(recorded);
    }
    core.echoBotMessageUpdate(message);
    core.notify();
    return ok(message);
  });
  add('DELETE', '/channels/:channelId/messages/:messageId', (req) => {
    const channel = channelOr404(req.params.channelId as string);
    const message = messageOr404(channel.id as string, req.params.messageId as string);
    if (message.author?.id !== state.botUserId) requirePermission(channel, Permission.ManageMessages);
    const stored = state.messages.get(message.id as string);
    if (stored) stored.deleted = true;
    const recorded = core.recordsById.get(message.id as string);
    if (recorded) recorded.deleted = true;
    core.echoBotMessageDelete(message);
    core.notify();
    return noContent();
  });
  add('POST', '/channels/:channelId/typing', (req) => {
    const channel = channelOr404(req.params.channelId as string);
    requirePermission(channel, isThreadType(channel.type as number) ? Permission.SendMessagesInThreads : Permission.SendMessages);
    core.typingLog.push({ channelId: channel.id as string, at: Date.now() });
    core.notify();
    return noContent();
  });
  const reaction = (add_: boolean) => (req: RestRequest): RestResponse => {
    const channel = channelOr404(req.params.channelId as string);
    if (add_) requirePermission(channel, Permission.AddReactions);
    const message = messageOr404(channel.id as string, req.params.messageId as string);
    const emoji = req.params.emoji as string;
    const [name, id] = emoji.includes(':') ? emoji.split(':') : [emoji, null];
    const reactions = ((message.reactions as JsonObject[] | undefined) ??= []);
    const existing = reactions.find((r) => r.emoji?.name === name);
    if (add_) {
      if (existing) {
        if (!existing.me) existing.count++;
        existing.me = true;
      } else reactions.push({ count: 1, me: true, emoji: { id: id ?? null, name }, burst_colors: [], count_details: { burst: 0, normal: 1 }, me_burst: false });
    } else if (existing?.me) {
      existing.me = false;
      existing.count--;
      if (existing.count <= 0) reactions.splice(reactions.indexOf(existing), 1);
    }
    core.reactionLog.push({ messageId: message.id as string, channelId: channel.id as string, emoji, added: add_, at: Date.now() });
    core.notify();
    return noContent();
  };
  add('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', reaction(true));
  add('DELETE', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', reaction(false));

  const startThread = (req: RestRequest, starterMessageId: string | null): RestResponse => {
    const parent = channelOr404(req.params.channelId as string);
    if (parent.type !== ChannelTypes.GuildText && parent.type !== ChannelTypes.GuildAnnouncement)
      fail(400, 50024, 'Cannot execute action on this channel type');
    const body = objectBody(req);
    if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100) {
      throw new ApiFailure(400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } },
      });
    }
    const privateThread = starterMessageId === null && (body.type ?? ChannelTypes.PrivateThread) === ChannelTypes.PrivateThread;
    requirePermission(parent, privateThread ? Permission.CreatePrivateThreads : Permission.CreatePublicThreads);
    if (starterMessageId !== null) {
      const starter = messageOr404(parent.id as string, starterMessageId);
      if (state.channels.has(starterMessageId)) fail(400, 160004, 'A thread has already been created for this message');
      const thread = state.createThread(parent, body, starterMessageId);
      starter.thread = thread;
      return threadCreated(thread);
    }
    return threadCreated(state.createThread(parent, body, null));
  };
  const threadCreated = (thread: JsonObject): RestResponse => {
    if (core.gateway.hasSessionFor(guildOf(thread)) && core.hasIntent(1 /* Guilds */, guildOf(thread))) void core.gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    core.notify();
    return ok(thread, 201);
  };
  add('POST', '/channels/:channelId/messages/:messageId/threads', (req) => startThread(req, req.params.messageId as string));
  add('POST', '/channels/:channelId/threads', (req) => startThread(req, null));
  add('PUT', '/channels/:channelId/thread-members/@me', (req) => {
    channelOr404(req.params.channelId as string);
    return noContent();
  });

  // ---------------------------------------------------------------- guilds
  const guildOr404 = (id: string) => {
    const guild = state.guilds.get(id);
    if (!guild) fail(404, 10004, 'Unknown Guild');
    return guild;
  };
  add('GET', '/guilds/:guildId', (req) => ok(state.guildObject(guildOr404(req.params.guildId as string))));
  add('GET', '/guilds/:guildId/channels', (req) => {
    const guild = guildOr404(req.params.guildId as string);
    return ok([...guild.channelIds].map((id) => state.channels.get(id)).filter((c) => c && !isThreadType(c.type as number)));
  });
  add('GET', '/guilds/:guildId/members/:userId', (req) => {
    const guild = guildOr404(req.params.guildId as string);
    const userId = req.params.userId as string;
    if (userId === state.botUserId) return ok(state.botMember(guild));
    const member = guild.members.get(userId);
    if (!member) fail(404, 10007, 'Unknown Member');
    return ok(member);
  });

  return routes;
}

function guildOf(channel: JsonObject): string | null {
  return (channel.guild_id as string | undefined) ?? null;
}
