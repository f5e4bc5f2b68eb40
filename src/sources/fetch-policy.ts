import type { Config } from '../config.ts';

/** Limits on every fetch of a feed, a page or an attachment. */
export interface FetchPolicy {
  /** Fetch from private, loopback and link-local addresses too. @default false */
  allowPrivateAddresses: boolean;
  /** Largest response body, in bytes. @default 5 MiB */
  maxBytes: number;
  /** Time for one fetch, redirects and body included, in milliseconds. @default 15 s */
  timeoutMs: number;
  /** Redirects followed before giving up. @default 5 */
  maxRedirects: number;
}

export const defaultFetchPolicy: FetchPolicy = {
  allowPrivateAddresses: false,
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: 5,
};

export function fetchPolicyFrom(config: Pick<Config, 'FETCH_ALLOW_PRIVATE_ADDRESSES' | 'FETCH_MAX_BYTES' | 'FETCH_TIMEOUT_MS'>): FetchPolicy {
  return {
    ...defaultFetchPolicy,
    allowPrivateAddresses: config.FETCH_ALLOW_PRIVATE_ADDRESSES,
    maxBytes: config.FETCH_MAX_BYTES,
    timeoutMs: config.FETCH_TIMEOUT_MS,
  };
}
