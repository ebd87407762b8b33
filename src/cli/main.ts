#!/usr/bin/env node
/**
 * @file The `shinsou` command: `shinsou list` shows the recipes, `shinsou train <recipe>` runs
 * one. Invalid options print a clear message and exit with code 2.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { getBackend } from '../backend/backend.js';
import { getNumThreads } from '../backend/native/index.js'; // importing it uses the native kernels when they are built
import { ValueError } from '../errors.js';
import type { Recipe } from './recipe.js';
import { recipes } from './recipes/index.js';
import { Run } from './run.js';

function number(kind: 'int' | 'positive-int' | 'positive' | 'non-negative') {
  return (text: string): number => {
    const v = Number(text);
    const ok = Number.isFinite(v) && text.trim() !== ''
      && (kind === 'positive' ? v > 0 : kind === 'non-negative' ? v >= 0 : Number.isInteger(v) && (kind === 'int' || v > 0));
    if (!ok) throw new InvalidArgumentError(`expected ${kind === 'int' ? 'an integer' : kind === 'positive-int' ? 'a positive integer' : `a ${kind} number`}, got '${text}'`);
    return v;
  };
}

function recipeCommand(recipe: Recipe): Command {
  const cmd = new Command(recipe.name).description(recipe.description)
    .addOption(new Option('--epochs <n>', 'training epochs').argParser(number('positive-int')).default(recipe.defaults.epochs))
    .addOption(new Option('--batch-size <n>', 'samples per batch').argParser(number('positive-int')).default(recipe.defaults.batchSize))
    .addOption(new Option('--lr <rate>', 'learning rate (peak rate for one-cycle schedules)').argParser(number('positive')).default(recipe.defaults.lr))
    .addOption(new Option('--seed <n>', 'random seed').argParser(number('int')).default(0))
    .addOption(new Option('--out <dir>', 'run folder for checkpoint, metrics, plots and samples').default(`runs/${recipe.name}`))
    .option('--resume', 'continue from the checkpoint in --out', false)
    .option('--tensorboard', 'also write TensorBoard event files (metrics, parameter histograms, images, text) into --out', false);
  for (const o of recipe.options ?? []) {
    if (typeof o.default === 'boolean') {
      cmd.option(o.flags, o.description, o.default);
      continue;
    }
    const parse = o.parse ?? (typeof o.default === 'number' ? number('non-negative') : (v: string) => v);
    cmd.addOption(new Option(o.flags, o.description).default(o.default).argParser((v: string) => {
      try {
        return parse(v);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    }));
  }
  return cmd.action(async (options) => {
    const run = new Run(options);
    const threads = getBackend().name === 'native' ? `, ${getNumThreads()} thread${getNumThreads() === 1 ? '' : 's'}` : '';
    run.say(`shinsou train ${recipe.name} → ${options.out} (backend ${getBackend().name}${threads})`);
    // Training runs synchronously, so Ctrl-C ends the process at once: say up front how to continue.
    run.say(`checkpoint after every epoch; after Ctrl-C, continue with: npx shinsou train ${recipe.name} --out ${options.out} --resume`);
    run.finish(await recipe.run(run, options));
  });
}

/** The package's version, from the package.json above this file (dist/ in a package, build/src/ in tests). */
function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'shinsou' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look one folder up
    }
  }
  return 'unknown';
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('shinsou').description('shinsou: deep learning in TypeScript').version(packageVersion()).exitOverride();
  program.command('list').description('list the training recipes').action(() => {
    for (const r of recipes) process.stdout.write(`${r.name.padEnd(22)} ${r.description}\n`);
  });
  const train = program.command('train').description('train a recipe: shinsou train <recipe> [options]').exitOverride();
  for (const r of recipes) train.addCommand(recipeCommand(r).exitOverride());
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof ValueError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
