/** @file What a recipe is: a named training job with default options and a `run` function. */
import type { CommonOptions, Figures, Run } from './run.js';

/** A recipe-specific command-line option (commander syntax, e.g. '--hidden <sizes>'). */
export interface RecipeOption {
  flags: string;
  description: string;
  /** A boolean default makes a switch without a value (e.g. '--sn'). */
  default: string | number | boolean;
  /** Parses and validates the raw text; throw to reject it (exit code 2). */
  parse?: (value: string) => string | number;
}

export interface Recipe {
  name: string;
  description: string;
  /** Defaults of the common options for this recipe. */
  defaults: { epochs: number; batchSize: number; lr: number };
  options?: RecipeOption[];
  /** Trains, evaluates, writes samples, and returns the summary figures (see Run.finish); async where data must be made first. */
  run(run: Run, options: CommonOptions & Record<string, string | number | boolean>): Figures | Promise<Figures>;
}
