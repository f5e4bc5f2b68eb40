/**
 * Links that reach a server listening on 127.0.0.1 (or another private address) under spellings
 * a naive check misses: issue 20's list, plus the IPv4 forms the URL parser reads.
 */

/** Each reaches 127.0.0.1:port on Linux (an IPv6 socket connects to an IPv4-mapped address as IPv4). */
export function loopbackSpellings(port: number, path = '/'): string[] {
  return [
    `http://[::ffff:127.0.0.1]:${port}${path}`,
    `http://[::ffff:7f00:1]:${port}${path}`,
    `http://[0:0:0:0:0:ffff:127.0.0.1]:${port}${path}`,
    `http://[::FFFF:7F00:0001]:${port}${path}`,
    `http://[::ffff:0.0.0.0]:${port}${path}`,
    `http://2130706433:${port}${path}`,
    `http://0177.0.0.1:${port}${path}`,
    `http://0x7f.0.0.1:${port}${path}`,
    `http://127.1:${port}${path}`,
    `http://0:${port}${path}`,
    `http://localhost:${port}${path}`,
    `http://LOCALHOST:${port}${path}`,
  ];
}

/** Private and translated addresses no test server listens on: refused before any connection. */
export function otherPrivateLinks(path = '/'): string[] {
  return [
    `http://[::ffff:10.0.0.1]${path}`,
    `http://[::ffff:169.254.169.254]/latest/meta-data/`,
    `http://[::127.0.0.1]${path}`,
    `http://[::ffff:0:127.0.0.1]${path}`,
    `http://[64:ff9b::7f00:1]${path}`,
    `http://[64:ff9b:1::a00:1]${path}`,
    `http://[2002:7f00:1::1]${path}`,
    `http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]${path}`,
    `http://[fec0::1]${path}`,
    `http://[100::1]${path}`,
    `http://[::1]${path}`,
    `http://[::]${path}`,
  ];
}

/** What a refusal for a private address says (one of the ranges, with the way to allow it). */
export const PRIVATE_REFUSAL = /address.*; private, loopback and link-local addresses are refused \(set FETCH_ALLOW_PRIVATE_ADDRESSES=true to allow them\)/;
