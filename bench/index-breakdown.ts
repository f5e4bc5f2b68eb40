import { rm } from 'node:fs/promises';
import path from 'node:path';
import { buildIndex, type BuildStage } from '../src/index/build-index.ts';
import { attributeQuotes } from '../src/search/speakers/attribution.ts';
import { timeMs } from '../src/util/statistics.ts';
import { randomEmbedder } from './random-embedder.ts';
import { defaultSettings } from '../src/settings.ts';

export type IndexBreakdown = Partial<Record<BuildStage | 'attribution', number>>;

/**
 * Where a fresh build of `corpusDir` spends its time, stage by stage (ms): lexical-only as
 * `npm run index` runs without a model, plus the HNSW graph over stand-in vectors (the model's
 * own cost is measured by the embedding stage) and attribution, which a bot runs on first need.
 */
export async function measureIndexBreakdown(corpusDir: string, workDir: string): Promise<IndexBreakdown> {
  const indexDir = path.join(workDir, 'breakdown-index');
  await rm(indexDir, { recursive: true, force: true });
  const lexical = await buildIndex({ settings: defaultSettings, corpusDir, indexDir, embedder: null, previous: null });
  const attribution = await timeMs(() => attributeQuotes(lexical.index.passages));
  await rm(indexDir, { recursive: true, force: true });
  const withVectors = await buildIndex({ settings: defaultSettings, corpusDir, indexDir, embedder: randomEmbedder(), previous: null });
  await rm(indexDir, { recursive: true, force: true });
  return { ...lexical.timings, attribution: attribution.ms, graph: withVectors.timings.graph };
}
