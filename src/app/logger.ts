import { createConsola, type ConsolaInstance, type LogLevel } from 'consola';

const LEVELS: Record<string, LogLevel> = { silent: -999, error: 0, warn: 1, info: 3, debug: 4 };

/**
 * Logs go to stderr so that stdout carries only answers (and stays valid JSON with --json).
 * Badges and spacing only on a terminal: in a pipe or a log file, one plain line per message.
 */
export function createCliLogger(level: string): ConsolaInstance {
  return createConsola({ level: LEVELS[level] ?? 3, stdout: process.stderr, stderr: process.stderr, fancy: Boolean(process.stderr.isTTY) });
}
