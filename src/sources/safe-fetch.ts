import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { formatBytes } from '../corpus/read-corpus.ts';
import { privateAddressReason } from './address-policy.ts';
import type { FetchPolicy } from './fetch-policy.ts';

export type FetchResult =
  | { ok: true; url: string; finalUrl: string; contentType: string; body: Buffer }
  | { ok: false; url: string; reason: string };

export interface FetchRequest {
  url: string;
  /** Media types accepted (e.g. text/html); any other is refused, naming the one received. */
  accept: readonly string[];
  policy: FetchPolicy;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'news-quote-bot (+https://github.com/; reads articles to quote them with a link)';

/** Thrown inside a fetch to end it with a reason the user reads. */
class Refusal extends Error {}

/**
 * GETs a URL under the policy: http(s) only, every hop's resolved address checked (a host name
 * pointing at 127.0.0.1 is refused like the literal), at most `maxRedirects` redirects, a size
 * cap and one time-out for the whole exchange, and the content type checked. Never throws for a
 * problem of the URL or the server: the result says why it was refused.
 */
export async function safeFetch(request: FetchRequest): Promise<FetchResult> {
  const { policy } = request;
  const deadline = AbortSignal.timeout(policy.timeoutMs);
  const visited = new Set<string>();
  let current = request.url;
  try {
    for (let hop = 0; ; hop++) {
      const url = parseHttpUrl(current);
      if (visited.has(url.href)) throw new Refusal(`it redirects in a loop (back to ${url.href})`);
      visited.add(url.href);
      const response = await get(url, request, deadline);
      const location = response.headers.location;
      if (REDIRECTS.has(response.statusCode ?? 0) && location) {
        // Destroyed, not drained: a refused body is never read (an endless one would stream forever).
        response.destroy();
        if (hop >= policy.maxRedirects) throw new Refusal(`it redirects more than ${policy.maxRedirects} times`);
        current = new URL(location, url).href;
        continue;
      }
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        response.destroy();
        throw new Refusal(status === 404 || status === 410 ? `the page is gone (HTTP ${status})` : `the server answered HTTP ${status}`);
      }
      const contentType = (response.headers['content-type'] ?? '').toLowerCase();
      const mediaType = contentType.split(';')[0]!.trim();
      if (!request.accept.includes(mediaType)) {
        response.destroy();
        throw new Refusal(`it is ${mediaType || 'of no stated type'}, not ${describeTypes(request.accept)}`);
      }
      const body = await readBody(response, policy.maxBytes);
      return { ok: true, url: request.url, finalUrl: url.href, contentType, body };
    }
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, url: request.url, reason: error.message };
    if (deadline.aborted) return { ok: false, url: request.url, reason: `it did not answer within ${policy.timeoutMs / 1000} s` };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { ok: false, url: request.url, reason: `its host name could not be resolved (${code})` };
    return { ok: false, url: request.url, reason: `it could not be fetched (${code ?? (error as Error).message})` };
  }
}

function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Refusal('it is not a valid URL (expected http:// or https://)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Refusal(`only http and https links are fetched, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw new Refusal('links with a user name or password are not fetched');
  return url;
}

function describeTypes(types: readonly string[]): string {
  return types.length === 1 ? types[0]! : `${types.slice(0, -1).join(', ')} or ${types.at(-1)}`;
}

function get(url: URL, request: FetchRequest, signal: AbortSignal): Promise<IncomingMessage> {
  const { policy } = request;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const guarded = !policy.allowPrivateAddresses && !isExemptHost(url, policy.privateHosts);
  // An IP literal is connected to without any lookup: judge it here.
  if (isIP(host) && guarded) {
    const reason = privateAddressReason(host);
    if (reason) return Promise.reject(new Refusal(refusalFor(reason)));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, {
      headers: { 'user-agent': USER_AGENT, accept: `${request.accept.join(', ')};q=1, */*;q=0.1` },
      lookup: guarded ? guardedLookup(policy.lookup ?? dnsLookup) : policy.lookup,
      signal,
    });
    if (guarded) {
      // The lookup above decides where the socket goes; this checks where it went, whatever path
      // the connection took (a literal, happy eyeballs' second address), before a byte is read.
      req.on('socket', (socket) =>
        socket.once('connect', () => {
          const reason = socket.remoteAddress ? privateAddressReason(socket.remoteAddress) : 'the connected address is unknown';
          if (reason) req.destroy(new Refusal(refusalFor(`${url.host} connected to ${reason.replace(/ is /, ', ')}`)));
        }),
      );
    }
    req.on('response', resolve);
    req.on('error', reject);
  });
}

/** FETCH_PRIVATE_HOSTS: hosts exempted by the name written in the link (`host` or `host:port`), never by what they resolve to. */
function isExemptHost(url: URL, privateHosts: readonly string[]): boolean {
  if (privateHosts.length === 0) return false;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return privateHosts.includes(url.hostname) || privateHosts.includes(`${url.hostname}:${port}`);
}

function refusalFor(reason: string): string {
  return `${reason}; private, loopback and link-local addresses are refused (set FETCH_ALLOW_PRIVATE_ADDRESSES=true to allow them)`;
}

/**
 * The address actually connected to is the one checked: the socket connects to what this lookup
 * answers, so a public-looking name cannot lead inside, and a name answering a public address to
 * one lookup and a private one to the next (DNS rebinding) is judged on the answer used.
 */
const guardedLookup = (resolve: typeof dnsLookup): LookupFunction => (hostname, options, callback) => {
  resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
    const refused = addresses.map((a) => privateAddressReason(a.address)).find((reason) => reason !== undefined);
    if (refused) return callback(new Refusal(refusalFor(`${hostname} resolves to ${refused.replace(/ is /, ', ')}`)), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

async function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new Refusal(`it is ${formatBytes(declared)}, over the ${formatBytes(maxBytes)} limit`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.destroy();
      throw new Refusal(`it is over the ${formatBytes(maxBytes)} limit`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
