/**
 * A problem the user can fix (a missing setting, an unreadable file, an unreachable database): every
 * entry point prints its message as one line, never a stack trace (`src/app/exit-on-failure.ts`).
 * The expected failures of the lower layers (EvalSetError, IndexStoreUnavailable, BotStartError...)
 * extend it, so the entry points need no list of them; it lives here, at the bottom of the tree,
 * because every layer may throw one.
 */
export class UserError extends Error {}
