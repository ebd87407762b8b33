/**
 * @file Training checkpoints: model and optimizer tensors plus JSON state (scheduler, RNG,
 * step, …) in one safetensors file, written atomically so a crash never leaves a corrupt one.
 */
import { FormatError } from '../errors.js';
import type { StateDict } from '../nn/module.js';
import type { OptimizerStateDict, ParamState } from '../optim/optimizer.js';
import { Tensor } from '../tensor/tensor.js';
import { loadSafetensors, saveSafetensors } from './safetensors_file.js';

/** Everything needed to resume a run. Names let one file hold several models (e.g. G and D). */
export interface Checkpoint {
  /** Module state dicts by name, e.g. `{ model: model.stateDict() }`. */
  models: Record<string, StateDict>;
  optimizers?: Record<string, OptimizerStateDict>;
  /** Any JSON-serialisable state: scheduler state dicts, RNG state, epoch, step, metrics, … */
  state?: Record<string, unknown>;
}

const META_KEY = 'shinsou.checkpoint';

/**
 * Saves a checkpoint atomically.
 * PyTorch: `torch.save({'model': model.state_dict(), 'optimizer': opt.state_dict(), …}, path)`.
 * @example saveCheckpoint('run/checkpoint.safetensors', { models: { model: m.stateDict() }, optimizers: { opt: opt.stateDict() }, state: { epoch } })
 */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  const tensors: Record<string, Tensor> = {};
  for (const [name, sd] of Object.entries(checkpoint.models)) {
    for (const [k, t] of Object.entries(sd)) tensors[`models.${name}.${k}`] = t;
  }
  const optimizers: Record<string, { paramGroups: unknown; scalars: Record<string, Record<string, number>> }> = {};
  for (const [name, opt] of Object.entries(checkpoint.optimizers ?? {})) {
    const scalars: Record<string, Record<string, number>> = {};
    for (const [index, s] of Object.entries(opt.state)) {
      for (const [k, v] of Object.entries(s)) {
        if (v instanceof Tensor) tensors[`optimizers.${name}.${index}.${k}`] = v;
        else (scalars[index] ??= {})[k] = v;
      }
    }
    optimizers[name] = { paramGroups: opt.paramGroups, scalars };
  }
  const meta = { models: Object.keys(checkpoint.models), optimizers, state: checkpoint.state ?? {} };
  saveSafetensors(path, tensors, { [META_KEY]: JSON.stringify(meta) });
}

/**
 * Loads a checkpoint written by `saveCheckpoint`; throws FormatError if it is not one.
 * PyTorch: `torch.load(path)` of a dict saved by `torch.save`.
 * @example const { models, optimizers, state } = io.loadCheckpoint('run/checkpoint.safetensors')
 */
export function loadCheckpoint(path: string): Checkpoint {
  const { tensors, metadata } = loadSafetensors(path);
  const raw = metadata[META_KEY];
  if (raw === undefined) throw new FormatError(`loadCheckpoint: ${path} is a safetensors file but not a shinsou checkpoint`);
  let meta: { models: string[]; optimizers: Record<string, { paramGroups: Record<string, unknown>[]; scalars: Record<string, Record<string, number>> }>; state: Record<string, unknown> };
  try {
    meta = JSON.parse(raw);
  } catch {
    throw new FormatError(`loadCheckpoint: ${path} has corrupt checkpoint metadata`);
  }
  const models: Record<string, StateDict> = Object.fromEntries(meta.models.map((m) => [m, {}]));
  const optimizers: Record<string, OptimizerStateDict> = {};
  for (const [name, o] of Object.entries(meta.optimizers)) {
    const state: Record<number, ParamState> = {};
    for (const [index, s] of Object.entries(o.scalars)) state[Number(index)] = { ...s };
    optimizers[name] = { paramGroups: o.paramGroups, state };
  }
  for (const [key, t] of Object.entries(tensors)) {
    const [kind, name, ...rest] = key.split('.');
    if (kind === 'models' && name! in models) models[name!]![rest.join('.')] = t;
    else if (kind === 'optimizers' && name! in optimizers && rest.length === 2) {
      const index = Number(rest[0]);
      (optimizers[name!]!.state[index] ??= {})[rest[1]!] = t;
    } else {
      throw new FormatError(`loadCheckpoint: unexpected tensor '${key}' in ${path}`);
    }
  }
  return { models, optimizers, state: meta.state };
}
