import { link, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { articleFileName, articleMarkdown, type NewArticle } from './article-file.ts';

/**
 * Writes the article into the corpus folder under a new name: a hidden temporary file first
 * (the corpus reader skips dot files), then linked into place, so a crash never leaves half an
 * article and no existing file is ever overwritten (link fails where rename would replace).
 */
export async function saveArticle(corpusDir: string, article: NewArticle): Promise<string> {
  const name = articleFileName(article);
  const temporary = path.join(corpusDir, `.${name}.${process.pid}-${Date.now()}.tmp`);
  await writeFile(temporary, articleMarkdown(article), { flag: 'wx' });
  try {
    for (let n = 1; ; n++) {
      const file = n === 1 ? name : name.replace(/\.md$/, `-${n}.md`);
      try {
        await link(temporary, path.join(corpusDir, file));
        return file;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    await rm(temporary, { force: true });
  }
}
