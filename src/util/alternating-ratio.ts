/**
 * A ratio between two sides (ours against a reference) that one noisy run cannot move: the sides
 * run in turns, the order flipping every round (a neighbour's load lands on both alike), and the
 * figure is the median of the per-round ratios, printed with their spread.
 */
export interface RatioSummary {
  /** Median of the per-round ratios a / b. */
  median: number;
  min: number;
  max: number;
  /** Each round's ratio, in the order run. */
  rounds: number[];
  /** Median of each side's own measurements (ms, or whatever the sides return). */
  aMedian: number;
  bMedian: number;
}

/** At least this many rounds: the issue asks for a median of five or more. */
export const MIN_ROUNDS = 5;

export async function alternatingRatio(a: () => Promise<number>, b: () => Promise<number>, rounds = MIN_ROUNDS): Promise<RatioSummary> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let round = 0; round < Math.max(MIN_ROUNDS, rounds); round++) {
    if (round % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return summarizeRatios(as, bs);
}

/** The same summary for measurements already taken in alternating order. */
export function summarizeRatios(as: number[], bs: number[]): RatioSummary {
  const ratios = as.map((value, i) => value / bs[i]!);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), rounds: ratios, aMedian: median(as), bMedian: median(bs) };
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "1.23 (1.10–1.41, 5 runs)": a ratio with its spread, for tables. */
export function formatRatio(summary: Pick<RatioSummary, 'median' | 'min' | 'max' | 'rounds'> | null): string {
  if (!summary) return '–';
  return `${summary.median.toFixed(2)} (${summary.min.toFixed(2)}–${summary.max.toFixed(2)}, ${summary.rounds.length} runs)`;
}
