/**
 * @file A recipe run: its folder (checkpoint, metrics.jsonl, loss-curve.png, summary.json),
 * stages of epochs with a checkpoint after every epoch, and exact resumption with --resume.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from '../io/checkpoint.js';
import { MetricsLog, type MetricRecord } from '../io/metrics.js';
import { linePlot } from '../io/plot.js';
import { readPng } from '../io/png.js';
import { saveSafetensors } from '../io/safetensors_file.js';
import { SummaryWriter } from '../io/tensorboard.js';
import type { Module, StateDict } from '../nn/module.js';
import type { LRScheduler } from '../optim/lr_scheduler.js';
import type { Optimizer } from '../optim/optimizer.js';
import { defaultGenerator, manualSeed } from '../tensor/random.js';
import { progress, type Progress } from './progress.js';

/** A run's headline figures: numbers, or a list of them (e.g. an error per predicted frame). */
export type Figures = Record<string, number | number[]>;

/** Options every recipe accepts. */
export interface CommonOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  out: string;
  resume: boolean;
  /** Also write TensorBoard event files into `out`. */
  tensorboard?: boolean;
}

export interface StageSpec<R extends Record<string, unknown>> {
  epochs: number;
  /** The stage's optimizer, checkpointed with it (none for learning rules without one). */
  optimizer?: Optimizer<{ lr: number }>;
  /** More optimizers of the stage by name (a GAN's G and D), checkpointed as `stage/name`. */
  optimizers?: Record<string, Optimizer<{ lr: number }>>;
  scheduler?: LRScheduler;
  /** Batches per epoch, for the progress bar. */
  batchesPerEpoch: number;
  /** Trains one epoch (calling `bar.tick` per batch) and returns that epoch's metrics. */
  epoch(epoch: number, bar: Progress): MetricRecord;
  /** Computes the stage's result after its last epoch (stored, so a resumed run skips the stage). */
  finish?(): R;
}

interface RunState {
  completed: Record<string, Record<string, unknown>>;
  /** The stage in progress and how many of its epochs are done. */
  stage?: string;
  epochsDone?: number;
  /** The last stage to finish, while no later stage has started: it can be trained on with more epochs. */
  finished?: { stage: string; epochs: number; scheduler?: Record<string, unknown> };
  rng: number[];
  scheduler?: Record<string, unknown>;
  /** Training seconds of the earlier sessions of this run. */
  seconds?: number;
  [key: string]: unknown;
}

/** A stage's optimizers under their checkpoint keys: `stage` for `optimizer`, `stage/name` for the others. */
function stageOptimizers(stage: string, spec: StageSpec<Record<string, unknown>>): [string, Optimizer<{ lr: number }>][] {
  return [
    ...(spec.optimizer ? [[stage, spec.optimizer] as [string, Optimizer<{ lr: number }>]] : []),
    ...Object.entries(spec.optimizers ?? {}).map(([k, o]) => [`${stage}/${k}`, o] as [string, Optimizer<{ lr: number }>]),
  ];
}

/** The state shared by a recipe's stages: registered modules, the run folder, logs. */
export class Run {
  readonly metrics: MetricsLog;
  readonly checkpointPath: string;
  private readonly modules = new Map<string, Module>();
  private resumeFrom: Checkpoint | null = null;
  private savedModels: Record<string, StateDict> | null = null;
  private completed: Record<string, Record<string, unknown>> = {};
  private readonly started = Date.now();
  private earlierSeconds = 0;
  private readonly board: SummaryWriter | null;

  constructor(readonly options: CommonOptions, private readonly log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {
    mkdirSync(options.out, { recursive: true });
    this.checkpointPath = join(options.out, 'checkpoint.safetensors');
    this.metrics = new MetricsLog(join(options.out, 'metrics.jsonl'));
    manualSeed(options.seed);
    if (options.resume && existsSync(this.checkpointPath)) {
      this.resumeFrom = loadCheckpoint(this.checkpointPath);
      this.savedModels = this.resumeFrom.models;
      this.completed = (this.resumeFrom.state as RunState).completed;
      this.earlierSeconds = (this.resumeFrom.state as RunState).seconds ?? 0;
      this.say(`resuming from ${this.checkpointPath}`);
    } else {
      writeFileSync(this.metrics.path, '');
    }
    this.board = options.tensorboard ? new SummaryWriter(options.out) : null;
    this.board?.addText('options', `\`\`\`json\n${JSON.stringify(options, null, 2)}\n\`\`\``);
  }

  say(line: string): void {
    this.log(line);
  }

  /** A path inside the run folder. */
  file(name: string): string {
    return join(this.options.out, name);
  }

  /** Registers a module whose weights go into every checkpoint (restored on resume). */
  register<M extends Module>(name: string, module: M): M {
    this.modules.set(name, module);
    const saved = this.savedModels?.[name];
    if (saved) module.loadStateDict(saved);
    return module;
  }

  /**
   * Runs (or, when resuming, skips or continues) a stage of training epochs; a finished stage that
   * was the last to run trains on when asked for more epochs. After each epoch it
   * appends metrics, redraws the loss curve, and writes the checkpoint atomically.
   */
  stage<R extends Record<string, unknown>>(name: string, spec: StageSpec<R>): R {
    const state = this.resumeFrom?.state as RunState | undefined;
    const finished = state?.finished?.stage === name && name in this.completed ? state.finished : undefined;
    const extend = finished !== undefined && spec.epochs > finished.epochs;
    if (name in this.completed && !extend) {
      this.say(`${name}: already completed (resumed)${finished && spec.epochs < finished.epochs ? `; it ran ${finished.epochs} epochs, more than the ${spec.epochs} asked` : ''}`);
      return this.completed[name] as R;
    }
    let first = 1;
    if (this.resumeFrom && state) {
      // The first stage that still has work continues from the checkpoint's RNG stream.
      defaultGenerator.setState(state.rng);
      const at = extend ? { epochsDone: finished.epochs, scheduler: finished.scheduler } : state.stage === name ? state : null;
      if (at) {
        for (const [key, optimizer] of stageOptimizers(name, spec)) {
          const saved = this.resumeFrom.optimizers?.[key];
          if (saved) optimizer.loadStateDict(saved);
        }
        if (spec.scheduler && at.scheduler) spec.scheduler.loadStateDict(at.scheduler);
        first = (at.epochsDone ?? 0) + 1;
      }
      // A run stopped between writing an epoch's metrics and its checkpoint repeats that epoch: keep one record of it.
      this.metrics.retain((r) => r.stage !== name || Number(r.epoch) < first);
      this.resumeFrom = null;
    }
    if (extend) {
      delete this.completed[name];
      this.say(`${name}: training the finished ${finished.epochs}-epoch stage on to epoch ${spec.epochs}${spec.scheduler ? ' (the LR schedule is the one for the new length, from the step it had reached)' : ''}`);
    }
    for (let epoch = first; epoch <= spec.epochs; epoch++) {
      const bar = progress(`${name} epoch ${epoch}/${spec.epochs}`, spec.batchesPerEpoch);
      const t0 = Date.now();
      const record = spec.epoch(epoch, bar);
      bar.stop();
      this.metrics.append({ stage: name, epoch, seconds: (Date.now() - t0) / 1000, ...record });
      const records = this.metrics.read();
      this.logToBoard(name, epoch, record, records.length);
      this.say(`${name} epoch ${epoch}: ${Object.entries(record).map(([k, v]) => `${k}=${typeof v === 'number' ? v.toFixed(4) : v}`).join(' ')}`);
      this.plotLosses(records);
      this.save(name, spec, { stage: name, epochsDone: epoch, scheduler: spec.scheduler?.stateDict() });
    }
    const result = spec.finish ? spec.finish() : ({} as R);
    this.completed[name] = result;
    this.save(name, spec, { finished: { stage: name, epochs: spec.epochs, scheduler: spec.scheduler?.stateDict() } });
    return result;
  }

  /** Writes the checkpoint: every module, the stage's optimizer and `progress` (where the stage stands). */
  private save(stage: string, spec: StageSpec<Record<string, unknown>>, progress: Partial<RunState>): void {
    const state: RunState = { completed: this.completed, rng: defaultGenerator.getState(), seconds: this.seconds(), ...progress };
    saveCheckpoint(this.checkpointPath, {
      models: Object.fromEntries([...this.modules].map(([k, m]) => [k, m.stateDict()])),
      optimizers: Object.fromEntries(stageOptimizers(stage, spec).map(([key, o]) => [key, o.stateDict()])),
      state,
    });
  }

  /** Seconds this run has taken, over all its sessions. */
  private seconds(): number {
    return this.earlierSeconds + (Date.now() - this.started) / 1000;
  }

  /** Redraws loss-curve.png from every numeric '…Loss' metric, one line per stage and metric. */
  private plotLosses(records: readonly MetricRecord[]): void {
    const series = new Map<string, [number, number][]>();
    let x = 0;
    const seen = new Map<string, number>();
    for (const r of records) {
      const key = `${r.stage}:${r.epoch}`;
      if (!seen.has(key)) seen.set(key, ++x);
      for (const [k, v] of Object.entries(r)) {
        if (!/loss$/i.test(k) || typeof v !== 'number') continue;
        const name = `${r.stage} ${k}`;
        if (!series.has(name)) series.set(name, []);
        series.get(name)!.push([seen.get(key)!, v]);
      }
    }
    if (series.size === 0) return;
    const stages = new Set(records.map((r) => r.stage));
    const names = (name: string): string => (stages.size === 1 ? name.slice(name.indexOf(' ') + 1) : name);
    // Losses that can be negative or zero (a Wasserstein critic's, a GAN's with no G step yet) get a linear axis.
    const logY = [...series.values()].every((points) => points.every(([, v]) => v > 0));
    linePlot(this.file('loss-curve.png'), [...series].map(([name, points]) => ({ name: names(name), points })), {
      title: 'training curves', xLabel: 'epoch (all stages in order)', yLabel: 'loss', logY,
    });
  }

  /** With --tensorboard: the epoch's numeric metrics as scalars and every registered module's parameters as histograms. */
  private logToBoard(stage: string, epoch: number, record: Record<string, unknown>, step: number): void {
    if (!this.board) return;
    for (const [k, v] of Object.entries(record)) if (typeof v === 'number' && Number.isFinite(v)) this.board.addScalar(`${stage}/${k}`, v, epoch);
    for (const [name, module] of this.modules) {
      for (const [param, p] of module.namedParameters()) if (p.numel > 0) this.board.addHistogram(`${name}/${param}`, p, step);
    }
  }

  /**
   * Writes summary.json with the headline figures plus `seconds` and `seed`, each registered
   * module's final state dict as `weights/<name>.safetensors` (what a page loads with
   * `io.parseSafetensors`), and prints the summary (with --tensorboard, also the run's PNGs and it).
   */
  finish(figures: Figures): Figures {
    const summary = { ...figures, seconds: Math.round(this.seconds() * 10) / 10, seed: this.options.seed };
    writeFileSync(this.file('summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    mkdirSync(this.file('weights'), { recursive: true });
    for (const [name, module] of this.modules) saveSafetensors(this.file(`weights/${name.replaceAll('/', '-')}.safetensors`), module.stateDict());
    if (this.board) {
      const step = this.metrics.read().length;
      this.board.addText('summary', `\`\`\`json\n${JSON.stringify(summary, null, 2)}\n\`\`\``, step);
      for (const png of readdirSync(this.options.out).filter((f) => f.endsWith('.png')).sort()) this.board.addImage(png, readPng(this.file(png), 4), step);
    }
    this.say(`summary: ${JSON.stringify(summary)}`);
    return summary;
  }
}
