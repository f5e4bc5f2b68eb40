import { BlockList, isIP } from 'node:net';

/**
 * Ranges a fetch must not reach unless private addresses are allowed: a link posted in Discord
 * could otherwise make the bot read the host's own services or the local network.
 */
const PRIVATE_RANGES: { network: string; prefix: number; family: 'ipv4' | 'ipv6'; label: string }[] = [
  { network: '0.0.0.0', prefix: 8, family: 'ipv4', label: '"this network"' },
  { network: '10.0.0.0', prefix: 8, family: 'ipv4', label: 'private' },
  { network: '100.64.0.0', prefix: 10, family: 'ipv4', label: 'shared (carrier NAT)' },
  { network: '127.0.0.0', prefix: 8, family: 'ipv4', label: 'loopback' },
  { network: '169.254.0.0', prefix: 16, family: 'ipv4', label: 'link-local' },
  { network: '172.16.0.0', prefix: 12, family: 'ipv4', label: 'private' },
  { network: '192.0.0.0', prefix: 24, family: 'ipv4', label: 'reserved' },
  { network: '192.168.0.0', prefix: 16, family: 'ipv4', label: 'private' },
  { network: '198.18.0.0', prefix: 15, family: 'ipv4', label: 'benchmarking' },
  { network: '224.0.0.0', prefix: 4, family: 'ipv4', label: 'multicast' },
  { network: '240.0.0.0', prefix: 4, family: 'ipv4', label: 'reserved' },
  { network: '::', prefix: 128, family: 'ipv6', label: 'unspecified' },
  { network: '::1', prefix: 128, family: 'ipv6', label: 'loopback' },
  { network: 'fc00::', prefix: 7, family: 'ipv6', label: 'private (unique local)' },
  { network: 'fe80::', prefix: 10, family: 'ipv6', label: 'link-local' },
  { network: 'ff00::', prefix: 8, family: 'ipv6', label: 'multicast' },
];

const blockLists = PRIVATE_RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.network, range.prefix, range.family);
  return { list, range };
});

/**
 * Why `address` (an IP literal) must not be fetched from, or undefined when it is public.
 * An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
 */
export function privateAddressReason(address: string): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 4 ? 'ipv4' : isIP(ip) === 6 ? 'ipv6' : undefined;
  if (!family) return `${address} is not an IP address`;
  for (const { list, range } of blockLists) {
    if (range.family === family && list.check(ip, family)) return `${address} is a ${range.label} address`;
  }
  return undefined;
}
