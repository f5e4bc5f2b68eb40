import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { privateAddressReason } from '../../src/sources/address-policy.ts';

/** The host part of a URL as the fetch sees it: the WHATWG parser's rewrite, brackets removed. */
function hostOf(spelling: string): string {
  return new URL(`http://${spelling}:8080/`).hostname.replace(/^\[|\]$/g, '');
}

describe('privateAddressReason', () => {
  it('GIVEN IPv4 private, loopback, link-local and reserved addresses THEN names each range; public ones pass', () => {
    assert.match(privateAddressReason('10.1.2.3') ?? '', /private/);
    assert.match(privateAddressReason('169.254.169.254') ?? '', /link-local/);
    assert.match(privateAddressReason('192.168.0.10') ?? '', /private/);
    assert.match(privateAddressReason('0.0.0.0') ?? '', /"this network"/);
    assert.match(privateAddressReason('203.0.113.9') ?? '', /documentation/);
    assert.match(privateAddressReason('255.255.255.255') ?? '', /reserved/);
    assert.equal(privateAddressReason('93.184.216.34'), undefined);
    assert.equal(privateAddressReason('2606:4700::1111'), undefined);
  });

  // Issue 20, case 1: each of these was judged public (the URL parser rewrites the mapped form to
  // hex, and IPv6 addresses were compared with IPv6 ranges only).
  const ipv4InIpv6: [string, RegExp][] = [
    ['[::ffff:127.0.0.1]', /IPv4 127\.0\.0\.1 written as IPv6, a loopback address/],
    ['[::ffff:7f00:1]', /IPv4 127\.0\.0\.1 written as IPv6, a loopback address/],
    ['[::FFFF:7F00:0001]', /IPv4 127\.0\.0\.1 written as IPv6, a loopback address/],
    ['[0:0:0:0:0:ffff:127.0.0.1]', /IPv4 127\.0\.0\.1 written as IPv6, a loopback address/],
    ['[0000:0000:0000:0000:0000:ffff:7f00:0001]', /IPv4 127\.0\.0\.1 written as IPv6, a loopback address/],
    ['[::ffff:0.0.0.0]', /IPv4 0\.0\.0\.0 written as IPv6, a "this network" address/],
    ['[::ffff:10.0.0.1]', /IPv4 10\.0\.0\.1 written as IPv6, a private address/],
    ['[::ffff:169.254.169.254]', /IPv4 169\.254\.169\.254 written as IPv6, a link-local address/],
    ['[::ffff:192.168.1.1]', /IPv4 192\.168\.1\.1 written as IPv6, a private address/],
    ['[::127.0.0.1]', /IPv4 127\.0\.0\.1 written as IPv6, a loopback address/],
    ['[::7f00:1]', /IPv4 127\.0\.0\.1 written as IPv6, a loopback address/],
    ['[::ffff:0:127.0.0.1]', /IPv4 127\.0\.0\.1 written as IPv6, a loopback address/],
  ];
  for (const [spelling, reason] of ipv4InIpv6) {
    it(`GIVEN ${spelling} THEN it is judged as the IPv4 address it carries`, () => {
      assert.match(privateAddressReason(hostOf(spelling)) ?? 'judged public', reason);
    });
  }

  const ipv6Ranges: [string, RegExp][] = [
    ['[64:ff9b::127.0.0.1]', /NAT64/],
    ['[64:ff9b::808:808]', /NAT64/],
    ['[64:ff9b:1::a00:1]', /local NAT64/],
    ['[2002:7f00:1::1]', /6to4 tunnelling/],
    ['[2002:808:808::1]', /6to4 tunnelling/],
    ['[2001:0:4136:e378:8000:63bf:3fff:fdd2]', /Teredo tunnelling/],
    ['[::808:808]', /IPv4-compatible \(deprecated\)/],
    ['[fec0::1]', /site-local/],
    ['[100::1]', /discard-only/],
    ['[2001:db8::1]', /documentation/],
    ['[::]', /unspecified/],
    ['[::1]', /loopback/],
    ['[0:0:0:0:0:0:0:1]', /loopback/],
    ['[fd00::1]', /unique local/],
    ['[fe80::1]', /link-local/],
    ['[ff02::1]', /multicast/],
    ['[4000::1]', /reserved address \(not global unicast\)/],
  ];
  for (const [spelling, reason] of ipv6Ranges) {
    it(`GIVEN ${spelling} THEN the range is refused`, () => {
      assert.match(privateAddressReason(hostOf(spelling)) ?? 'judged public', reason);
    });
  }

  it('GIVEN a public IPv4 address written as IPv4-mapped IPv6 THEN it is public, like the address it names', () => {
    assert.equal(privateAddressReason(hostOf('[::ffff:93.184.216.34]')), undefined);
  });

  it('GIVEN the IPv4 spellings the URL parser reads (decimal, octal, hex, short) THEN each is loopback', () => {
    for (const spelling of ['2130706433', '0177.0.0.1', '0x7f.0.0.1', '0x7f000001', '127.1', '127.0.0.1.', '0']) {
      assert.match(privateAddressReason(hostOf(spelling)) ?? 'judged public', /loopback|"this network"/, spelling);
    }
  });

  it('GIVEN something that is not an address (a scoped address, a name) THEN it is refused, not passed', () => {
    assert.match(privateAddressReason('fe80::1%eth0') ?? 'judged public', /not an IP address|link-local/);
    assert.match(privateAddressReason('example.com') ?? 'judged public', /not an IP address/);
  });
});
