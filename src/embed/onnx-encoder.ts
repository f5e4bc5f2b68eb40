/**
 * The model itself: an onnxruntime-node session over the model folder's ONNX file that turns
 * batches of token ids into pooled, L2-normalised sentence vectors.
 *
 * The session is created from the file's path with the options that keep it lean: no CPU memory
 * arena (onnxruntime would keep the largest batch's activations reserved for the life of the
 * process), no memory-pattern planning, threads that sleep when idle; `threads` intra-op threads.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { meanPoolAndNormalize } from './pooling.ts';

export interface OnnxEncoder {
  /** Vectors of texts given as token ids (each with its special tokens), in order; shorter rows padded with `padId`. */
  encode(batch: readonly number[][], padId: number): Promise<Float32Array[]>;
  release(): Promise<void>;
}

type Ort = typeof import('onnxruntime-node');

export async function openOnnxEncoder(ort: Ort, onnxPath: string, options: { threads: number }): Promise<OnnxEncoder> {
  const session: InferenceSession = await ort.InferenceSession.create(onnxPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    enableCpuMemArena: false,
    enableMemPattern: false,
    // Warnings (e.g. about initializers the optimizer leaves alone) are not the user's business.
    logSeverityLevel: 3,
    // Threads wait for work asleep, not spinning: a spinning pool keeps every core busy between
    // operators and the bot's own process waits for one (event-loop stalls of 100 ms and more
    // on two cores). Costs about a millisecond per question.
    extra: { session: { 'intra_op.allow_spinning': '0', 'inter_op.allow_spinning': '0' } },
  });
  const inputs = new Set(session.inputNames);
  const output = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0]!;

  return {
    async encode(batch, padId) {
      if (batch.length === 0) return [];
      const rows = batch.length;
      const seq = Math.max(...batch.map((ids) => ids.length));
      const ids = new BigInt64Array(rows * seq).fill(BigInt(padId));
      const mask = new BigInt64Array(rows * seq);
      batch.forEach((row, r) => {
        for (let t = 0; t < row.length; t++) {
          ids[r * seq + t] = BigInt(row[t]!);
          mask[r * seq + t] = 1n;
        }
      });
      const dims = [rows, seq];
      const feeds: Record<string, Tensor> = {
        input_ids: new ort.Tensor('int64', ids, dims),
        attention_mask: new ort.Tensor('int64', mask, dims),
      };
      // BERT exports take token types too; e5 uses type 0 throughout.
      if (inputs.has('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(rows * seq), dims);
      for (const name of Object.keys(feeds)) if (!inputs.has(name)) delete feeds[name];
      const result = await session.run(feeds, [output]);
      const hidden = result[output]!;
      const vectors = meanPoolAndNormalize(hidden.data as Float32Array, mask, rows, seq, hidden.dims[2]!);
      hidden.dispose();
      return vectors;
    },
    release: () => session.release(),
  };
}
