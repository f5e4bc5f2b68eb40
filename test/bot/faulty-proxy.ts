/**
 * A real HTTP proxy in front of the Discord emulator's REST API that can answer some requests
 * itself: a fault injected on the wire (a 401 for a refused token, a proxy that echoes the
 * Authorization header in its error...), seen by discord.js exactly as it would see Discord.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path after the API version, e.g. `/gateway/bot`, `/channels/1/messages`. */
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface Fault {
  status: number;
  body: Record<string, unknown>;
}

export interface FaultyProxy {
  /** REST base for the bot (`DISCORD_API_BASE`). */
  apiBase: string;
  /** Requests answered by a fault so far. */
  readonly faults: ProxiedRequest[];
  close(): Promise<void>;
}

/** Forwards to `targetBase` (the emulator's http://127.0.0.1:PORT) unless `fault` answers the request. */
export async function startFaultyProxy(targetBase: string, fault: (request: ProxiedRequest) => Fault | undefined): Promise<FaultyProxy> {
  const target = new URL(targetBase);
  const faults: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const request: ProxiedRequest = { method: req.method ?? 'GET', path: url.replace(/^\/api(\/v\d+)?/, '').replace(/\?.*$/, ''), headers: req.headers };
    const answer = fault(request);
    if (answer) {
      faults.push(request);
      req.resume();
      const json = JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.end(json);
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: url, headers: { ...req.headers, host: target.host } },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `proxy: ${error.message}`, code: 0 }));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBase: `http://127.0.0.1:${port}/api`,
    faults,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
