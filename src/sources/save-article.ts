import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { articleFileName, articleMarkdown, pathInside, type NewArticle } from './article-file.ts';

/**
 * Writes the article into the corpus folder under a new name: a hidden temporary file first
 * (the corpus reader skips dot files), then linked into place, so a crash never leaves half an
 * article and no existing file is ever overwritten (link fails where rename would replace).
 * Every path written is checked to be inside the corpus folder (made if missing).
 */
export async function saveArticle(corpusDir: string, article: NewArticle): Promise<string> {
  const name = articleFileName(article);
  const temporary = path.join(path.resolve(corpusDir), `.${name}.${process.pid}-${Date.now()}.tmp`);
  if (!pathInside(corpusDir, name) || path.dirname(temporary) !== path.resolve(corpusDir)) throw new Error(`unsafe article file name ${JSON.stringify(name)}`);
  // A server's corpus folder is made on its first article.
  await mkdir(corpusDir, { recursive: true });
  await writeFile(temporary, articleMarkdown(article), { flag: 'wx' });
  try {
    for (let n = 1; ; n++) {
      const file = n === 1 ? name : name.replace(/\.md$/, `-${n}.md`);
      const target = pathInside(corpusDir, file);
      if (!target) throw new Error(`unsafe article file name ${JSON.stringify(file)}`);
      try {
        await link(temporary, target);
        return file;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    await rm(temporary, { force: true });
  }
}
