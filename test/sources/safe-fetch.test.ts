import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { privateAddressReason } from '../../src/sources/address-policy.ts';
import { defaultFetchPolicy, type FetchPolicy } from '../../src/sources/fetch-policy.ts';
import { safeFetch } from '../../src/sources/safe-fetch.ts';
import { startNewsSite, type NewsSite } from '../support/news-site/server.ts';
import { withTimeout } from '../support/with-timeout.ts';

const loopbackAllowed: FetchPolicy = { ...defaultFetchPolicy, allowPrivateAddresses: true, timeoutMs: 2000, maxBytes: 1024 * 1024 };
const HTML = ['text/html'];

describe('safeFetch against a real server on 127.0.0.1', { timeout: 60_000 }, () => {
  let site: NewsSite;
  before(async () => {
    site = await startNewsSite();
  });
  after(async () => {
    await site.close();
  });

  it('GIVEN an article page THEN returns its bytes and type', async () => {
    const result = await safeFetch({ url: site.url('/articles/wheat-harvest'), accept: HTML, policy: loopbackAllowed });
    assert.ok(result.ok, `expected the page, got ${JSON.stringify(result)}`);
    assert.match(result.body.toString('utf8'), /القمح/);
  });

  it('GIVEN loopback without FETCH_ALLOW_PRIVATE_ADDRESSES THEN refuses, saying why and how to allow it', async () => {
    const result = await safeFetch({ url: site.url('/articles/wheat-harvest'), accept: HTML, policy: { ...loopbackAllowed, allowPrivateAddresses: false } });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /127\.0\.0\.1 is a loopback address.*FETCH_ALLOW_PRIVATE_ADDRESSES=true/);
  });

  it('GIVEN a host NAME that resolves to loopback THEN the resolved address is refused too', async () => {
    const url = site.url('/articles/wheat-harvest').replace('127.0.0.1', 'localhost');
    const result = await safeFetch({ url, accept: HTML, policy: { ...loopbackAllowed, allowPrivateAddresses: false } });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /localhost resolves to .*loopback address/);
  });

  it('GIVEN a page that never finishes THEN gives up after the time-out', async () => {
    const result = await safeFetch({ url: site.url('/slow'), accept: HTML, policy: { ...loopbackAllowed, timeoutMs: 300 } });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /did not answer within 0\.3 s/);
  });

  it('GIVEN a page over the size cap THEN refuses it by its size', async () => {
    const result = await safeFetch({ url: site.url('/huge'), accept: HTML, policy: loopbackAllowed });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /over the 1\.0 MiB limit/);
  });

  it('GIVEN a redirect loop THEN says so', async () => {
    const result = await safeFetch({ url: site.url('/loop-a'), accept: HTML, policy: loopbackAllowed });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /redirects in a loop/);
  });

  it('GIVEN six redirects THEN stops after five; ONE redirect is followed', async () => {
    const chain = await safeFetch({ url: site.url('/chain'), accept: HTML, policy: loopbackAllowed });
    assert.match(!chain.ok ? chain.reason : 'fetched', /redirects more than 5 times/);
    const moved = await safeFetch({ url: site.url('/moved'), accept: HTML, policy: loopbackAllowed });
    assert.ok(moved.ok && moved.finalUrl.endsWith('/articles/wheat-harvest'), `expected the redirect followed, got ${JSON.stringify(moved.ok ? moved.finalUrl : moved)}`);
  });

  it('GIVEN a JSON response where a page is expected THEN names the type received', async () => {
    const result = await safeFetch({ url: site.url('/data.json'), accept: HTML, policy: loopbackAllowed });
    assert.match(!result.ok ? result.reason : 'fetched', /it is application\/json, not text\/html/);
  });

  it('GIVEN a page that vanished THEN says it is gone', async () => {
    const result = await safeFetch({ url: site.url('/gone'), accept: HTML, policy: loopbackAllowed });
    assert.match(!result.ok ? result.reason : 'fetched', /the page is gone \(HTTP 404\)/);
  });

  // Issue 20, case 6: a refused response was drained with resume(): 2.6 GiB in 3 s past a 1 MiB limit.
  it('GIVEN a 404 with an endless body THEN it is refused and the body is not read (the server sends about what the socket buffers hold)', async () => {
    const result = await safeFetch({ url: site.url('/endless-404'), accept: HTML, policy: { ...loopbackAllowed, timeoutMs: 5000 } });
    assert.match(!result.ok ? result.reason : 'fetched', /the page is gone \(HTTP 404\)/);
    const sent = await withTimeout(site.endlessBytesSent(), 20_000, 'the connection of the refused response closed');
    assert.ok(sent < 16 * loopbackAllowed.maxBytes, `the server sent ${(sent / 2 ** 20).toFixed(1)} MiB of a refused body (limit ${loopbackAllowed.maxBytes / 2 ** 20} MiB)`);
  });

  it('GIVEN a name answering one public and one private address (DNS rebinding) THEN the fetch is refused; the answer judged is the one connected to', async () => {
    const port = new URL(site.url('/')).port;
    const both: FetchPolicy['lookup'] = ((_host: string, _options: object, callback: (error: null, addresses: { address: string; family: number }[]) => void) =>
      callback(null, [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }])) as unknown as FetchPolicy['lookup'];
    const mixed = await safeFetch({ url: `http://news.example:${port}/articles/wheat-harvest`, accept: HTML, policy: { ...loopbackAllowed, allowPrivateAddresses: false, lookup: both } });
    assert.match(!mixed.ok ? mixed.reason : 'fetched', /news\.example resolves to 127\.0\.0\.1, a loopback address/);
    // A name that answered a public address to an earlier check and 127.0.0.1 now: now is what counts.
    let answers = 0;
    const rebinding = ((_host: string, _options: object, callback: (error: null, addresses: { address: string; family: number }[]) => void) =>
      callback(null, [{ address: answers++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }])) as unknown as FetchPolicy['lookup'];
    const requests = site.requests.length;
    const first = await safeFetch({ url: `http://rebind.example:${port}/x`, accept: HTML, policy: { ...loopbackAllowed, allowPrivateAddresses: false, timeoutMs: 500, lookup: rebinding } });
    assert.doesNotMatch(!first.ok ? first.reason : '', /loopback/, 'the public answer was refused as private');
    const second = await safeFetch({ url: `http://rebind.example:${port}/articles/wheat-harvest`, accept: HTML, policy: { ...loopbackAllowed, allowPrivateAddresses: false, lookup: rebinding } });
    assert.match(!second.ok ? second.reason : 'fetched', /rebind\.example resolves to 127\.0\.0\.1, a loopback address/);
    assert.equal(site.requests.length, requests, 'the loopback server was reached');
  });

  it('GIVEN a non-http scheme or a malformed URL THEN refuses without fetching', async () => {
    const file = await safeFetch({ url: 'file:///etc/passwd', accept: HTML, policy: loopbackAllowed });
    assert.match(!file.ok ? file.reason : 'fetched', /only http and https links are fetched, not file/);
    const junk = await safeFetch({ url: 'not a url', accept: HTML, policy: loopbackAllowed });
    assert.match(!junk.ok ? junk.reason : 'fetched', /not a valid URL/);
  });
});

describe('privateAddressReason', () => {
  it('GIVEN private, loopback, link-local and mapped addresses THEN names each range; public ones pass', () => {
    assert.match(privateAddressReason('10.1.2.3') ?? '', /private/);
    assert.match(privateAddressReason('169.254.169.254') ?? '', /link-local/);
    assert.match(privateAddressReason('::1') ?? '', /loopback/);
    assert.match(privateAddressReason('fe80::1') ?? '', /link-local/);
    assert.match(privateAddressReason('::ffff:127.0.0.1') ?? '', /loopback/);
    assert.match(privateAddressReason('192.168.0.10') ?? '', /private/);
    assert.equal(privateAddressReason('93.184.216.34'), undefined);
    assert.equal(privateAddressReason('2606:4700::1111'), undefined);
  });
});
