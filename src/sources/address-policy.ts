import { BlockList, isIP } from 'node:net';

/**
 * Ranges a fetch must not reach unless private addresses are allowed: a link posted in Discord
 * could otherwise make the bot read the host's own services, the local network or a cloud
 * provider's metadata service (169.254.169.254).
 */
interface Range {
  network: string;
  prefix: number;
  label: string;
}

const IPV4_RANGES: Range[] = [
  { network: '0.0.0.0', prefix: 8, label: '"this network"' },
  { network: '10.0.0.0', prefix: 8, label: 'private' },
  { network: '100.64.0.0', prefix: 10, label: 'shared (carrier NAT)' },
  { network: '127.0.0.0', prefix: 8, label: 'loopback' },
  { network: '169.254.0.0', prefix: 16, label: 'link-local' },
  { network: '172.16.0.0', prefix: 12, label: 'private' },
  { network: '192.0.0.0', prefix: 24, label: 'reserved' },
  { network: '192.0.2.0', prefix: 24, label: 'documentation' },
  { network: '192.168.0.0', prefix: 16, label: 'private' },
  { network: '198.18.0.0', prefix: 15, label: 'benchmarking' },
  { network: '198.51.100.0', prefix: 24, label: 'documentation' },
  { network: '203.0.113.0', prefix: 24, label: 'documentation' },
  { network: '224.0.0.0', prefix: 4, label: 'multicast' },
  { network: '240.0.0.0', prefix: 4, label: 'reserved' },
];

/**
 * IPv6 ranges refused outright. Several of them reach IPv4 hosts through a translator or a tunnel
 * (NAT64, 6to4, Teredo), so the IPv4 address inside could be anything: none is needed to read news.
 */
const IPV6_RANGES: Range[] = [
  { network: '::', prefix: 128, label: 'unspecified' },
  { network: '::1', prefix: 128, label: 'loopback' },
  { network: '::', prefix: 96, label: 'IPv4-compatible (deprecated)' },
  { network: '64:ff9b::', prefix: 96, label: 'NAT64 (it reaches an IPv4 address through a translator)' },
  { network: '64:ff9b:1::', prefix: 48, label: 'local NAT64' },
  { network: '100::', prefix: 64, label: 'discard-only' },
  { network: '2001::', prefix: 32, label: 'Teredo tunnelling' },
  { network: '2001:2::', prefix: 48, label: 'benchmarking' },
  { network: '2001:10::', prefix: 28, label: 'ORCHID' },
  { network: '2001:20::', prefix: 28, label: 'ORCHIDv2' },
  { network: '2001:db8::', prefix: 32, label: 'documentation' },
  { network: '2002::', prefix: 16, label: '6to4 tunnelling' },
  { network: '3fff::', prefix: 20, label: 'documentation' },
  { network: 'fc00::', prefix: 7, label: 'private (unique local)' },
  { network: 'fe80::', prefix: 10, label: 'link-local' },
  { network: 'fec0::', prefix: 10, label: 'site-local (deprecated)' },
  { network: 'ff00::', prefix: 8, label: 'multicast' },
];

/** Only global unicast IPv6 addresses (2000::/3) are public; everything outside it is reserved. */
const GLOBAL_UNICAST = blockList({ network: '2000::', prefix: 3, label: '' }, 'ipv6');

const ipv4Lists = IPV4_RANGES.map((range) => ({ range, list: blockList(range, 'ipv4') }));
const ipv6Lists = IPV6_RANGES.map((range) => ({ range, list: blockList(range, 'ipv6') }));

function blockList(range: Range, family: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(range.network, range.prefix, family);
  return list;
}

/**
 * Why `address` (an IP literal, as the URL parser or the resolver gives it) must not be fetched
 * from, or undefined when it is public. An IPv4 address written as IPv6, in any spelling
 * (::ffff:127.0.0.1, ::ffff:7f00:1, 0:0:0:0:0:ffff:127.0.0.1, ::127.0.0.1, ::ffff:0:127.0.0.1),
 * is judged as the IPv4 address it carries. Anything that is not an address is refused.
 */
export function privateAddressReason(address: string): string | undefined {
  if (isIP(address) === 4) return ipv4Reason(address, address);
  const words = ipv6Words(address);
  if (!words) return `${address} is not an IP address`;
  const canonical = formatIpv6(words);
  const carried = embeddedIpv4(words);
  if (carried) {
    const reason = ipv4Reason(carried, `${address} is IPv4 ${carried} written as IPv6,`);
    if (reason) return reason;
  }
  for (const { range, list } of ipv6Lists) {
    if (list.check(canonical, 'ipv6')) return `${address} is a${/^[aeiou]/i.test(range.label) ? 'n' : ''} ${range.label} address`;
  }
  // ::ffff:93.184.216.34 is the public IPv4 address it names; the other forms stay reserved.
  if (carried && words[5] === 0xffff) return undefined;
  if (!GLOBAL_UNICAST.check(canonical, 'ipv6')) return `${address} is a reserved address (not global unicast)`;
  return undefined;
}

function ipv4Reason(ipv4: string, subject: string): string | undefined {
  for (const { range, list } of ipv4Lists) {
    if (list.check(ipv4, 'ipv4')) return `${subject.endsWith(',') ? subject : `${subject} is`} a ${range.label} address`;
  }
  return undefined;
}

/**
 * The IPv4 address an IPv6 address is only another spelling of: IPv4-mapped (::ffff:0:0/96),
 * IPv4-translated (::ffff:0:0:0/96) and IPv4-compatible (::/96, but not :: or ::1). Translated
 * and tunnelled forms (NAT64, 6to4, Teredo) are refused by range instead.
 */
function embeddedIpv4(words: number[]): string | undefined {
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  const mapped = zeros(0, 5) && words[5] === 0xffff;
  const translated = zeros(0, 4) && words[4] === 0xffff && words[5] === 0;
  const compatible = zeros(0, 6) && (words[6] !== 0 || words[7]! > 1);
  if (!mapped && !translated && !compatible) return undefined;
  const [high, low] = [words[6]!, words[7]!];
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/**
 * The eight 16-bit words of an IPv6 address. The WHATWG URL parser reads every spelling
 * (dotted tail, leading zeros, upper case, `::`) and writes the canonical one, hex only.
 */
function ipv6Words(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let canonical: string;
  try {
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const hex = (part: string) => (part ? part.split(':').map((word) => parseInt(word, 16)) : []);
  const [head = '', tail] = canonical.split('::');
  if (tail === undefined) return hex(head);
  const [before, after] = [hex(head), hex(tail)];
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

function formatIpv6(words: number[]): string {
  return words.map((word) => word.toString(16)).join(':');
}
