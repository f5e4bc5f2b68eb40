/**
 * Decodes a fetched body: the charset of the Content-Type, else (for HTML) a <meta charset> in
 * the first bytes, else UTF-8. Web pages are decoded leniently: one bad byte must not lose an article.
 */
export function decodeFetchedText(body: Buffer, contentType: string): string {
  const declared = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(body);
}
