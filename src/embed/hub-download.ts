/**
 * Downloads a model's files from the Hugging Face hub into a folder, the way the hub serves them
 * (`<hub>/<model id>/resolve/main/<file>`), with progress, a deadline for an answer and for each
 * pause in the data, and the HF_TOKEN when one is set (private models). Each file is written under
 * a temporary name and renamed when complete, so an interrupted download leaves no truncated file
 * that would look like a model.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The public hub; HF_ENDPOINT points elsewhere (a mirror), as in Hugging Face's own tools. */
export const DEFAULT_HUB_URL = 'https://huggingface.co';

export interface DownloadOptions {
  /** e.g. 'Xenova/multilingual-e5-small'. */
  modelId: string;
  /** Paths inside the model repository, e.g. 'onnx/model_quantized.onnx'. */
  files: string[];
  /** Where they go, under the same paths. */
  folder: string;
  /** @default process.env.HF_ENDPOINT, else https://huggingface.co */
  hubUrl?: string;
  /** How long the hub may take to answer, and the longest pause while data arrives. @default 10000 */
  timeoutMs?: number;
  onProgress?: (p: { file: string; loaded: number; total: number }) => void;
}

export type DownloadResult = { ok: true } | { ok: false; reason: string; offline: boolean };

export async function downloadModelFiles(options: DownloadOptions): Promise<DownloadResult> {
  const hub = (options.hubUrl ?? process.env.HF_ENDPOINT ?? DEFAULT_HUB_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = new Headers();
  const token = process.env.HF_TOKEN ?? process.env.HF_ACCESS_TOKEN;
  if (token) headers.set('Authorization', `Bearer ${token}`);
  for (const file of options.files) {
    const url = `${hub}/${options.modelId}/resolve/main/${file}`;
    const target = join(options.folder, file);
    const partial = `${target}.download-${process.pid}`;
    const idle = new AbortController();
    let timer = setTimeout(() => idle.abort(), timeoutMs);
    const keepAlive = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), timeoutMs);
    };
    try {
      const response = await fetch(url, { headers, signal: idle.signal, redirect: 'follow' });
      // The hub answers 401 for private and for non-existent repositories alike.
      if (response.status === 401 || response.status === 404) {
        return { ok: false, reason: `the hub has no ${file} for a model named ${options.modelId} (HTTP ${response.status})`, offline: false };
      }
      if (!response.ok || !response.body) return { ok: false, reason: `the hub answered HTTP ${response.status} for ${url}`, offline: false };
      const total = Number(response.headers.get('content-length') ?? 0);
      let loaded = 0;
      await mkdir(dirname(target), { recursive: true });
      const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
      body.on('data', (chunk: Buffer) => {
        keepAlive();
        loaded += chunk.length;
        options.onProgress?.({ file, loaded, total });
      });
      await pipeline(body, createWriteStream(partial));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      if (idle.signal.aborted) return { ok: false, reason: `no answer from ${new URL(hub).host} within ${timeoutMs / 1000} s (${file})`, offline: true };
      return { ok: false, reason: describeFetchError(error), offline: true };
    } finally {
      clearTimeout(timer);
    }
  }
  return { ok: true };
}

/** "fetch failed (ECONNREFUSED 127.0.0.1)" rather than a bare "fetch failed". */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; hostname?: string; address?: string; message?: string } | undefined;
  if (cause?.code) return `${error.message} (${[cause.code, cause.hostname ?? cause.address].filter(Boolean).join(' ')})`;
  if (cause?.message) return `${error.message} (${cause.message})`;
  return error.message;
}
