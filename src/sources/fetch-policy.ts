import type { lookup } from 'node:dns';
import type { Config } from '../config.ts';

/** Limits on every fetch of a feed, a page or an attachment. */
export interface FetchPolicy {
  /** Fetch from private, loopback and link-local addresses too. @default false */
  allowPrivateAddresses: boolean;
  /**
   * Hosts fetched even though their address is private (an intranet feed), named as links write
   * them: `host` or `host:port`, compared with the link's host exactly (no other spelling of the
   * same address matches). Every other private address stays refused. @default [] (none)
   */
  privateHosts: readonly string[];
  /** Largest response body, in bytes. @default 5 MiB */
  maxBytes: number;
  /** Time for one fetch, redirects and body included, in milliseconds. @default 15 s */
  timeoutMs: number;
  /** Redirects followed before giving up. @default 5 */
  maxRedirects: number;
  /** How host names are resolved; the answer is checked, then connected to. @default node:dns lookup (the system resolver) */
  lookup?: typeof lookup;
}

export const defaultFetchPolicy: FetchPolicy = {
  allowPrivateAddresses: false,
  privateHosts: [],
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: 5,
};

export function fetchPolicyFrom(config: Pick<Config, 'FETCH_ALLOW_PRIVATE_ADDRESSES' | 'FETCH_PRIVATE_HOSTS' | 'FETCH_MAX_BYTES' | 'FETCH_TIMEOUT_MS'>): FetchPolicy {
  return {
    ...defaultFetchPolicy,
    allowPrivateAddresses: config.FETCH_ALLOW_PRIVATE_ADDRESSES,
    privateHosts: config.FETCH_PRIVATE_HOSTS,
    maxBytes: config.FETCH_MAX_BYTES,
    timeoutMs: config.FETCH_TIMEOUT_MS,
  };
}
