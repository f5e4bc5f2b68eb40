import cliProgress from 'cli-progress';
import type { BuildProgress } from '../index/build-index.ts';

/**
 * Progress bars on stderr for the long steps (model download, embedding). They draw only on
 * a terminal; in CI or a pipe nothing is drawn.
 */
export function createProgressReporter(): {
  onBuild: (progress: BuildProgress) => void;
  onDownload: (progress: { file: string; loaded: number; total: number }) => void;
  stop: () => void;
} {
  const interactive = Boolean(process.stderr.isTTY);
  let embedding: cliProgress.SingleBar | null = null;
  let download: cliProgress.SingleBar | null = null;
  const stop = () => {
    embedding?.stop();
    download?.stop();
    embedding = download = null;
  };
  return {
    onBuild(progress) {
      if (!interactive || progress.stage !== 'embedding' || progress.total === 0) return;
      if (!embedding) {
        embedding = new cliProgress.SingleBar(
          { format: 'Embedding passages |{bar}| {value}/{total} ({percentage}%) ETA {eta_formatted}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        embedding.start(progress.total, progress.done);
      }
      embedding.update(progress.done);
      if (progress.done >= progress.total) {
        embedding.stop();
        embedding = null;
      }
    },
    onDownload(progress) {
      if (!interactive || progress.total === 0) return;
      if (!download) {
        download = new cliProgress.SingleBar(
          { format: 'Downloading model {file} |{bar}| {percentage}%', stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        download.start(progress.total, 0, { file: progress.file });
      }
      download.setTotal(progress.total);
      download.update(progress.loaded, { file: progress.file });
    },
    stop,
  };
}
