import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex } from '../../src/index/build-index.ts';
import type { CorpusIndex } from '../../src/index/corpus-index.ts';
import { defaultSettings } from '../../src/settings.ts';

/** A lexical-only index over the given articles (file name -> text), built in a temporary folder. */
export async function buildSmallIndex(files: Record<string, string>): Promise<{ index: CorpusIndex; close(): Promise<void> }> {
  const scratch = await mkdtemp(join(tmpdir(), 'small-index-'));
  const corpusDir = join(scratch, 'corpus');
  await mkdir(corpusDir);
  for (const [file, text] of Object.entries(files)) await writeFile(join(corpusDir, file), text);
  const { index } = await buildIndex({ settings: defaultSettings, corpusDir, indexDir: join(scratch, 'index'), embedder: null, previous: null });
  return { index, close: () => rm(scratch, { recursive: true, force: true }) };
}

/** Three short Arabic articles: who said what about gas and trade, one paragraph repeated by a second outlet. */
export const NEWS_ARTICLES: Record<string, string> = {
  'a.txt': [
    'بوتين وشي يبحثان التجارة',
    '',
    'قال يوري أوشاكوف مساعد الرئيس الروسي إن المحادثات بين الزعيمين تناولت صادرات الغاز إلى الصين.',
    '',
    'وأكد الرئيس الصيني شي جين بينغ أن التبادل التجاري بين البلدين سيستمر في النمو خلال العام المقبل.',
    '',
  ].join('\n'),
  'b.txt': [
    'الكرملين يعلق على المكالمة',
    '',
    'قال يوري أوشاكوف مساعد الرئيس الروسي إن المحادثات بين الزعيمين تناولت صادرات الغاز إلى الصين.',
    '',
    'وقال دميتري بيسكوف المتحدث باسم الكرملين إن موعد الزيارة المقبلة لم يحدد بعد.',
    '',
  ].join('\n'),
  'c.txt': [
    'أسعار الطاقة في أوروبا',
    '',
    'ارتفعت أسعار الغاز في الأسواق الأوروبية بعد إعلان خفض الإمدادات عبر خطوط الأنابيب الشمالية.',
    '',
    'وقال أوشاكوف للصحفيين إن روسيا مستعدة لزيادة إمدادات الطاقة إلى آسيا بدلا من أوروبا.',
    '',
  ].join('\n'),
};
