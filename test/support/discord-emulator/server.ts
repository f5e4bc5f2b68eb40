/**
 * HTTP side: one node:http server on 127.0.0.1 serving the REST API under
 * /api[/vN], uploaded attachments under /attachments, and the gateway
 * WebSocket (upgrade on any path). Every API request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiFailure, type EmulatorCore } from './core.ts';
import type { RecordedCall, RecordedFile } from './records.ts';
import { createRoutes, matchRoute, type Route } from './rest.ts';

export class EmulatorServer {
  private readonly server: http.Server;
  private readonly routes: Route[];
  private readonly core: EmulatorCore;

  constructor(core: EmulatorCore) {
    this.core = core;
    this.routes = createRoutes(core);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `Emulator error: ${String(error)}`, code: 0 }));
        }
      });
    });
    this.server.on('upgrade', (req, socket, head) => core.gateway.handleUpgrade(req, socket, head));
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await this.core.gateway.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);

    if (url.pathname.startsWith('/attachments/') && method === 'GET') {
      const parts = url.pathname.split('/').filter(Boolean).map(safeDecode);
      const file = this.core.files.get(`${parts[2]}/${parts[3]}`);
      if (!file) return send(res, 404, { message: '404: Not Found', code: 0 });
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.size });
      res.end(file.data);
      return;
    }

    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const query: Record<string, string> = {};
    url.searchParams.forEach((value, key) => {
      query[key] = value;
    });
    const prefix = /^\/api(?:\/v(\d+))?(\/.*)?$/.exec(url.pathname);
    const version = prefix?.[1] !== undefined ? Number(prefix[1]) : null;
    const segments = (prefix?.[2] ?? url.pathname).split('/').filter(Boolean).map(safeDecode);
    const call: RecordedCall = {
      index: this.core.calls.length,
      at: Date.now(),
      method,
      path: `/${segments.join('/')}`,
      rawUrl,
      version,
      query,
      headers,
      body: undefined,
      files: [],
      route: null,
      status: 0,
      response: undefined,
    };
    this.core.calls.push(call);

    let status: number;
    let body: unknown;
    try {
      const parsed = await parseBody(raw, headers['content-type']);
      call.body = parsed.body;
      call.files = parsed.files;
      const match = prefix ? matchRoute(this.routes, method, segments) : null;
      if (!match) throw new ApiFailure(404, { message: '404: Not Found', code: 0 });
      call.route = `${method} ${match.route.pattern}`;
      if (version !== null && version !== 10 && version !== 9) throw new ApiFailure(400, { message: `Invalid API version`, code: 50041 });
      if (match.route.auth && !/^Bot \S+/.test(headers.authorization ?? '')) {
        throw new ApiFailure(401, { message: '401: Unauthorized', code: 0 });
      }
      const result = await match.route.handler({ method, params: match.params, query, body: parsed.body, files: parsed.files, headers });
      status = result.status;
      body = result.body;
    } catch (error) {
      if (error instanceof ApiFailure) {
        status = error.status;
        body = error.body;
      } else {
        status = 500;
        body = { message: `Emulator error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, code: 0 };
      }
    }
    call.status = status;
    call.response = body;
    send(res, status, body);
    this.core.notify();
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

class InvalidJson extends ApiFailure {
  constructor() {
    super(400, { message: 'The request body contains invalid JSON.', code: 50109 });
  }
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType as string } }).formData();
    const files: RecordedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = parseJson(value);
        continue;
      }
      const data = Buffer.from(await value.arrayBuffer());
      files.push({ field, filename: value.name, contentType: value.type || 'application/octet-stream', size: data.length, data });
    }
    return { body, files };
  }
  if (type.startsWith('application/json') || type === '') return { body: parseJson(raw.toString('utf8')), files: [] };
  return { body: raw.toString('utf8'), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidJson();
  }
}
