import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { ConsolaInstance } from 'consola';
import { PROJECT_ROOT, type Config } from '../config.ts';
import type { ArticleMetadata } from '../corpus/front-matter.ts';
import { evaluate, formatTable, metricTable } from '../eval/run-eval.ts';
import { readEvalSet, type EvalQuestion } from '../eval/eval-set.ts';
import type { Engine, RetrievalInUse } from '../engine.ts';
import { forcedAtCalibration } from '../eval/separability.ts';
import { wordsAgreement } from '../search/relevance.ts';
import { calibrate, collectAcross, type Calibration, type CalibrationResult, type CalibrationSet } from '../eval/calibrate.ts';
import { defaultEvaluations, measuredQuestions, trainingQuestions, type EvaluationRun } from '../eval/default-evaluations.ts';
import type { Answer } from '../search/answer.ts';
import { describeReport } from '../app/describe-report.ts';
import { configurationProblem, discordRefusedToken } from '../app/messages.ts';
import { cliLogger, configOrExit, openEngine } from '../app/open-engine.ts';
import { UserError } from '../util/user-error.ts';
import { renderAnswer } from './render-terminal.ts';
import { showsEnglish } from '../english/answer-language.ts';
import { resolveSettings, type RetrievalMode } from '../settings.ts';

function corpusOption(corpus: string | undefined): string | undefined {
  if (corpus === undefined) return undefined;
  const resolved = path.resolve(corpus);
  if (!existsSync(resolved) || !statSync(resolved).isDirectory()) throw new UserError(`--corpus ${corpus}: no such folder.`);
  return resolved;
}

export async function indexCommand(options: { corpus?: string }): Promise<void> {
  const config = configOrExit();
  const logger = cliLogger(config);
  // With DATABASE_URL the folder is uploaded into the database, where every process reads it.
  const engine = await openEngine(config, logger, { corpusDir: corpusOption(options.corpus), upload: 'always' });
  await engine.close();
  // The engine already logged the reason; `index` exists to save, so it fails without it.
  if (engine.openReport.saveError) throw new UserError(`The index was built but not saved: ${engine.openReport.saveError}.`);
  console.log(describeReport(engine.openReport));
}

/** The JSON shape of one answer, as `ask --json` and `ask --batch` print it. */
export function answerJson(answer: Answer, id?: string, retrieval?: RetrievalInUse): object {
  return {
    ...(id !== undefined ? { id } : {}),
    ...(retrieval ? { retrieval } : {}),
    question: answer.question,
    abstained: answer.abstained,
    why: answer.why,
    ...(answer.speakers ? { speakers: answer.speakers } : {}),
    passages: answer.passages.map((p) => ({
      file: p.file,
      lineStart: p.lineStart,
      lineEnd: p.lineEnd,
      text: p.text,
      score: p.score,
      quotes: p.quotes.map((q) => p.text.slice(q.start, q.end)),
      alsoIn: p.alsoIn,
      ...(p.speakers ? { speakers: p.speakers } : {}),
      ...(p.english ? { english: p.english } : {}),
      ...citationFields(p.article),
    })),
  };
}

/** `url`, `title`, `outlet`, `published` of a passage's article, only those it has. */
function citationFields(article: ArticleMetadata | undefined): object {
  if (!article) return {};
  const { url, title, outlet, published } = article;
  return Object.fromEntries(Object.entries({ url, title, outlet, published }).filter(([, value]) => value));
}

export async function askCommand(words: string[], options: { json?: boolean; k?: number; corpus?: string; batch?: string }): Promise<void> {
  const config = configOrExit();
  const logger = cliLogger(config);
  const questions = options.batch ? await readEvalSet(path.resolve(options.batch)) : null;
  const engine = await openEngine(config, logger, { corpusDir: corpusOption(options.corpus) });
  try {
    if (questions) {
      for (const question of questions) {
        const answer = await engine.ask(question.q, { k: options.k });
        console.log(options.json ? JSON.stringify(answerJson(answer, question.id)) : `${question.id}: ${renderAnswer(answer, false, { english: showsEnglish(config.ANSWER_LANGUAGE, answer.language) })}\n`);
      }
      return;
    }
    const answer = await engine.ask(words.join(' '), { k: options.k });
    // A question that could not be searched at all is the user's to fix: say so and fail.
    if (answer.status === 'refused' && (answer.reason === 'empty' || answer.reason === 'too-long')) throw new UserError(answer.why);
    const english = showsEnglish(config.ANSWER_LANGUAGE, answer.language);
    console.log(options.json ? JSON.stringify(answerJson(answer, undefined, engine.retrieval), null, 2) : renderAnswer(answer, Boolean(process.stdout.isTTY), { english }));
  } finally {
    await engine.close();
  }
}

export async function evalCommand(options: { corpus?: string; questions?: string; split?: string; json?: boolean; calibrate?: boolean; mode?: RetrievalMode }): Promise<void> {
  if (options.calibrate) return calibrateCommand(options);
  if (Boolean(options.corpus) !== Boolean(options.questions)) throw new UserError('Give both --corpus DIR and --questions FILE, or neither (runs the default evaluations).');
  const config = configOrExit();
  const logger = cliLogger(config);
  const runs: EvaluationRun[] = options.corpus
    ? [{ label: path.basename(options.corpus), corpus: options.corpus, questions: options.questions!, split: options.split, tuning: false }]
    : defaultEvaluations;
  const rows = [];
  for (const run of runs) {
    if (!existsSync(run.questions)) {
      if (options.corpus) throw new UserError(`Questions file ${run.questions} not found.`);
      // A default set kept outside the repository: say which and carry on with the others.
      logger.warn(`Skipping ${run.label}: ${run.questions} not found (${run.source ?? 'a default set'}).`);
      continue;
    }
    if (run.source) logger.info(`${run.label}: ${run.source}`);
    const questions = await measuredQuestions(run);
    // Quality is measured on what the engine can really do here: a fixture model's vectors mean nothing.
    const mode = options.mode ?? 'hybrid';
    const engine = await openEngine(config, logger, { corpusDir: corpusOption(run.corpus), skipFixtureVectors: true, settings: { retrieval: { mode } } });
    if (!engine.dense && mode !== 'lexical') logger.warn(`--mode ${mode} needs the embedding model; without it every answer is lexical-only.`);
    logger.info(`Evaluating ${questions.length} questions over ${run.corpus} (${engine.dense ? mode : 'lexical-only'}${engine.dense ? `, model ${engine.stats().model}` : ''})`);
    rows.push(...metricTable(run.label, await evaluate(engine, questions)));
    await engine.close();
  }
  console.log(options.json ? JSON.stringify(rows, null, 2) : formatTable(rows));
}

/**
 * Calibrates the relevance thresholds (RelevanceSettings in src/settings.ts) on the training
 * questions of the tuning sets (defaultEvaluations with `tuning`; ARCD's train split only, the
 * seed dev set never): each set's questions against its own corpus (answerable unless kind=none)
 * and against the other corpora (unanswerable there), once with the model (the thresholds of
 * hybrid answers) and once lexical-only (its own words thresholds). Prints what to put in the
 * settings.
 */
export async function calibrateCommand(options: { json?: boolean }): Promise<void> {
  const config = configOrExit();
  const logger = cliLogger(config);
  const runs = defaultEvaluations.filter((run) => run.tuning);
  for (const run of runs) if (!existsSync(run.questions)) throw new UserError(`Questions file ${run.questions} not found.`);
  const proposals: Record<string, Calibration> = {};
  const unseparated: Record<string, ReturnType<typeof forcedAtCalibration>> = {};
  for (const mode of ['hybrid', 'lexical'] as const) {
    const sets: (CalibrationSet & { engine: Engine })[] = [];
    try {
      for (const run of runs) {
        const engine = await openEngine(config, logger, { corpusDir: run.corpus, skipFixtureVectors: true, settings: { retrieval: { mode } } });
        // ARCD's run is named for the split it reports; its training questions are what tune.
        sets.push({ label: run.split ? `${run.label} (train)` : run.label, questions: await trainingQuestions(run), engine });
      }
      if (mode === 'hybrid' && !sets.every((set) => set.engine.dense)) {
        logger.warn('No embedding model: only the lexical-only thresholds can be calibrated (npm run model -- fetch).');
        continue;
      }
      logger.info(`Asking ${sets.reduce((n, set) => n + set.questions.length, 0)} questions of ${sets.length} corpora (${mode})…`);
      const samples = await collectAcross(sets);
      const { relevance } = resolveSettings(config);
      proposals[mode] = calibrate(samples, mode === 'hybrid', relevance);
      unseparated[mode] = forcedAtCalibration(samples, proposals[mode], wordsAgreement(relevance));
    } finally {
      await Promise.all(sets.map((set) => set.engine.close()));
    }
  }
  if (options.json) {
    console.log(JSON.stringify({ ...proposals, unseparated }));
    return;
  }
  const rates = (r: CalibrationResult) =>
    `answers ${Object.entries(r.answered).map(([set, a]) => `${a.answered}/${a.of} of ${set}`).join(', ')}; refuses ${(r.refusedOwn * 100).toFixed(1)}% of the sets' own unanswerable questions (kind=none), ${(r.refusedWhereAsked * 100).toFixed(1)}% of all those asked of the corpora they were written for, ${(r.refusedAll * 100).toFixed(1)}% of all ${r.negatives} unanswerable ones`;
  const line = (name: string, r: CalibrationResult) => console.log(`${name}: ${JSON.stringify(r.thresholds)}: ${rates(r)}.`);
  const groups = [
    ['hybrid', 'sameLanguage', 'with the model, Arabic questions (modelThreshold, wordsThreshold)'],
    ['hybrid', 'crossLingual', 'with the model, other languages (modelThresholdCrossLingual, wordsThresholdCrossLingual)'],
    ['lexical', 'sameLanguage', 'lexical-only, Arabic questions (lexicalWordsThreshold)'],
    ['lexical', 'crossLingual', 'lexical-only, other languages (lexicalWordsThresholdCrossLingual)'],
  ] as const;
  for (const [mode, group, name] of groups) if (proposals[mode]) line(name, proposals[mode][group]);
  console.log('\nUnanswerable questions these thresholds still answer, and the answerable questions any rule judging by the same evidence would refuse with them:');
  for (const [mode, group, name] of groups) {
    for (const still of unseparated[mode]?.[group] ?? []) console.log(`- ${name.split(' (')[0]}: “${still.question}” (${still.set}): ${describeForced(still.forced)}`);
  }
}

/** "none", or per set how many answerable questions, naming the first few. */
function describeForced(forced: Record<string, string[]>): string {
  const sets = Object.entries(forced);
  if (sets.length === 0) return 'none (a rule could refuse it)';
  return sets.map(([set, questions]) => `${questions.length} of ${set} (${questions.slice(0, 3).map((q) => `“${q}”`).join(', ')}${questions.length > 3 ? ', …' : ''})`).join('; ');
}

export async function startCommand(): Promise<void> {
  const config = configOrExit();
  const logger = cliLogger(config);
  if (config.DISCORD_TOKEN) {
    const { botSettings } = await import('../bot/bot-config.ts');
    const settings = botSettings(config, 'start');
    if (!settings.ok) throw new UserError(configurationProblem(settings.problems));
    const shards = await shardCount(settings.settings);
    if (shards > 1) return startShards(config, logger, settings.settings.token, shards);
    if (settings.settings.shards === 'auto') logger.info('BOT_SHARDS=auto: Discord recommends one shard, so the bot runs in this process.');
    const { runBot } = await import('../bot/run.ts');
    // A bot runs for days: articles another process saved but could not index are indexed here.
    const engine = await openEngine(config, logger, { catchUp: true });
    logger.info(describeReport(engine.openReport));
    await runBot({ config, settings: settings.settings, engine, logger });
    return;
  }
  const engine = await openEngine(config, logger);
  const stats = engine.stats();
  console.log(describeReport(engine.openReport));
  console.log(`Ask about the ${stats.files.length} articles in ${engine.articlesLocation} (English or Arabic). Ctrl-D quits.`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY) });
  // Ctrl-C at the prompt ends it like Ctrl-D (readline would otherwise only pause).
  prompt.on('SIGINT', () => prompt.close());
  prompt.setPrompt('? ');
  prompt.prompt();
  try {
    for await (const line of prompt) {
      if (line.trim()) {
        const answer = await engine.ask(line);
        console.log(`${renderAnswer(answer, Boolean(process.stdout.isTTY), { english: showsEnglish(config.ANSWER_LANGUAGE, answer.language) })}\n`);
      }
      prompt.prompt();
    }
    console.log('');
  } finally {
    await engine.close();
  }
}

/** BOT_SHARDS as a number: `auto` asks Discord (DISCORD_API_BASE when set) how many it recommends. */
async function shardCount(settings: { token: string; apiBase?: string; shards?: number | 'auto' }): Promise<number> {
  if (settings.shards !== 'auto') return settings.shards ?? 1;
  const { recommendedShardCount } = await import('../bot/sharding/shard-count.ts');
  try {
    return await recommendedShardCount(settings);
  } catch (error) {
    if ((error as { status?: number }).status === 401) throw new UserError(discordRefusedToken());
    throw new UserError(`BOT_SHARDS=auto: could not ask Discord how many shards to run (${(error as Error).message}). Set BOT_SHARDS to a number instead.`);
  }
}

/**
 * Several shard processes: the index is built or brought up to date here, once, before any shard
 * starts, so the shards find it ready in the shared store instead of all building it at once.
 */
async function startShards(config: Config, logger: ConsolaInstance, token: string, count: number): Promise<void> {
  const engine = await openEngine(config, logger);
  await engine.close();
  if (engine.openReport.saveError) throw new UserError(`The index was built but not saved, so the shards cannot share it: ${engine.openReport.saveError}.`);
  logger.info(describeReport(engine.openReport));
  const { runShards } = await import('../bot/sharding/run-shards.ts');
  await runShards({ token, count, logger });
}

/** Registers the slash commands: to DISCORD_GUILD_ID when set (instant), else globally. */
export async function deployCommandsCommand(): Promise<void> {
  const config = configOrExit();
  const { botSettings } = await import('../bot/bot-config.ts');
  const settings = botSettings(config, 'deploy');
  if (!settings.ok) throw new UserError(configurationProblem(settings.problems));
  const { token, clientId, guildId, apiBase } = settings.settings;
  const { deployCommands } = await import('../bot/deploy.ts');
  try {
    const result = await deployCommands({ token, clientId: clientId!, guildId, apiBase });
    const where = result.scope === 'guild' ? `to server ${guildId} (available now)` : 'globally (Discord may take up to an hour to show them everywhere)';
    console.log(`Registered ${result.names.length} commands ${where}: ${result.names.map((n) => `/${n}`).join(', ')}.`);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401) throw new UserError(discordRefusedToken());
    if (status === 403 || status === 404) {
      throw new UserError(`Discord refused the registration (${(error as Error).message}): check DISCORD_CLIENT_ID${guildId ? ' and DISCORD_GUILD_ID (the bot must be in that server, invited with the applications.commands scope)' : ''}.`);
    }
    throw error;
  }
}
