/** Tracking parameters that make one article look like several. */
const TRACKING = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$/i;

/** A URL reduced to what identifies the article: no fragment, no tracking parameters, no trailing slash. */
export function canonicalUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    for (const key of [...parsed.searchParams.keys()]) if (TRACKING.test(key)) parsed.searchParams.delete(key);
    parsed.hostname = parsed.hostname.replace(/^www\./, '');
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url.trim();
  }
}
