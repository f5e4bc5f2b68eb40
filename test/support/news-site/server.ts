import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { articlePage, testArticles, type TestArticle } from './articles.ts';

export interface NewsSite {
  /** Absolute URL of a path on the site. */
  url(path: string): string;
  /** Serves `body` as `type` at `path` from now on (a page or feed made by the test), after `delayMs` when given. */
  serve(path: string, type: string, body: string, delayMs?: number): void;
  /** Which articles the RSS and Atom feeds list (all three by default). */
  setFeedArticles(articles: TestArticle[]): void;
  /** Requests received, by path: shows what was (not) fetched again. */
  requests: string[];
  /** Bytes of the last /endless-404 body the server got to write, once the client has closed the connection. */
  endlessBytesSent(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 playing a news site: feeds, Arabic article pages with
 * boilerplate, and every kind of bad response a fetch must survive.
 */
export async function startNewsSite(): Promise<NewsSite> {
  let feedArticles = testArticles;
  const extraPages = new Map<string, { type: string; body: string; delayMs?: number }>();
  let endlessBytesSent = 0;
  let endlessClosed: Promise<number> = Promise.resolve(0);
  const requests: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const { pathname: path, searchParams } = new URL(req.url ?? '/', 'http://x');
    requests.push(path);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const served = extraPages.get(path);
    if (served) {
      if (!served.delayMs) return send(200, served.type, served.body);
      const timer = setTimeout(() => send(200, served.type, served.body), served.delayMs);
      res.once('close', () => clearTimeout(timer));
      return;
    }
    const article = testArticles.find((a) => path === `/articles/${a.slug}`);
    if (article) return send(200, 'text/html; charset=utf-8', articlePage(article));
    switch (path) {
      case '/rss.xml':
        return send(200, 'application/rss+xml; charset=utf-8', rssFeed(base, feedArticles));
      case '/atom.xml':
        return send(200, 'application/atom+xml', atomFeed(base, feedArticles));
      case '/broken.xml':
        return send(200, 'application/rss+xml', '<rss version="2.0"><channel><title>مكسور</title><item><link>/x</item></channel>');
      case '/not-a-feed.xml':
        return send(200, 'application/xml', '<html><body>not a feed</body></html>');
      case '/mixed.xml':
        return send(200, 'application/rss+xml', rssLinks('خليط', [`${base}/gone`, `${base}/articles/${testArticles[0]!.slug}`, `${base}/data.json`]));
      case '/gone':
        return send(404, 'text/html', '<h1>Not found</h1>');
      case '/data.json':
        return send(200, 'application/json', '{"not":"a page"}');
      case '/loop-a':
        res.writeHead(302, { location: '/loop-b' });
        return res.end();
      case '/loop-b':
        res.writeHead(302, { location: '/loop-a' });
        return res.end();
      case '/chain': {
        // Six distinct hops: one more than allowed.
        const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0);
        res.writeHead(302, { location: n < 6 ? `/chain?n=${n + 1}` : `/articles/${testArticles[0]!.slug}` });
        return res.end();
      }
      case '/redirect':
        // Wherever the test says: a hop to a hostile address.
        res.writeHead(302, { location: searchParams.get('to') ?? '/' });
        return res.end();
      case '/links.xml':
        // A feed whose items link wherever the test says.
        return send(200, 'application/rss+xml', rssLinks('روابط', searchParams.getAll('to')));
      case '/endless-404': {
        // A refused response whose body never ends: counts what the server manages to send.
        res.writeHead(404, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = () => {
          while (!res.destroyed) {
            endlessBytesSent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        res.on('error', () => undefined);
        endlessClosed = new Promise((resolve) => res.once('close', () => resolve(endlessBytesSent)));
        return pump();
      }
      case '/moved':
        res.writeHead(301, { location: `/articles/${testArticles[1]!.slug}` });
        return res.end();
      case '/slow':
        // Headers arrive, the body never does.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>');
        return;
      case '/huge': {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = `<p>${'كلمة '.repeat(2000)}</p>`;
        let sent = 0;
        const pump = () => {
          while (sent < 4000) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      case '/script-page':
        return send(200, 'text/html', `<html><body><article>${testArticles[2]!.paragraphs.map((p) => `<p>${p}<script>alert("x")</script><b onclick="evil()">!</b></p>`).join('')}<iframe src="https://evil.example"></iframe></article></body></html>`);
      case '/empty-page':
        return send(200, 'text/html', '<html><body><nav><a href="/">الرئيسية</a></nav></body></html>');
      default:
        return send(404, 'text/plain', 'no such path');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, type, body, delayMs) => {
      extraPages.set(path, { type, body, delayMs });
    },
    setFeedArticles: (articles) => {
      feedArticles = articles;
    },
    requests,
    endlessBytesSent: () => endlessClosed,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

function rssFeed(base: string, articles: TestArticle[]): string {
  const items = articles
    .map((a) => `<item><title><![CDATA[${a.title}]]></title><link>${base}/articles/${a.slug}</link><guid>${base}/articles/${a.slug}</guid><pubDate>${new Date(a.published).toUTCString()}</pubDate></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>صحيفة الاختبار</title><link>${base}/</link>\n${items}\n</channel></rss>`;
}

export function rssLinks(title: string, links: string[]): string {
  const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${links.map((l) => `<item><title>عنوان</title><link>${xml(l)}</link></item>`).join('')}</channel></rss>`;
}

function atomFeed(base: string, articles: TestArticle[]): string {
  const entries = articles
    .map((a) => `<entry><title>${a.title}</title><link rel="alternate" href="/articles/${a.slug}"/><id>tag:test,${a.slug}</id><published>${a.published}</published><updated>${a.published}</updated></entry>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${base}/"><title>أخبار أتوم</title><id>tag:test</id><updated>2025-03-06T00:00:00Z</updated>\n${entries}\n</feed>`;
}
