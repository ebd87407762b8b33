/**
 * @file Shared by the RL recipes: the tabular environments by name, drawings (value maps with
 * policy arrows, a film strip of a CartPole episode, learning curves) and the best-checkpoint
 * keeper used by DQN.
 */
import { createCanvas } from '@napi-rs/canvas';
import { noGrad } from '../../autograd/grad_mode.js';
import { ValueError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { linePlot } from '../../io/plot.js';
import type { Sequential } from '../../nn/container.js';
import { Module } from '../../nn/module.js';
import { CartPole } from '../../rl/envs/cartpole.js';
import { drawCartPole } from '../../rl/envs/cartpole_render.js';
import { CliffWalking, FrozenLake, GridWorld } from '../../rl/envs/grid_world.js';
import type { Env } from '../../rl/env.js';
import { TimeLimit } from '../../rl/wrappers.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { RecipeOption } from '../recipe.js';
import type { Run } from '../run.js';

/** A tabular task: the environment (with its model) and its episode time limit. */
export interface TabularTask {
  grid: GridWorld;
  timeLimit: number;
  /** Arrow per action index. */
  arrows: string[];
}

const FROZEN_ARROWS = ['←', '↓', '→', '↑'];

/** The tabular environments the planning recipes accept, with Gymnasium's time limits. */
export const TABULAR_TASKS: Record<string, () => TabularTask> = {
  'frozenlake': () => ({ grid: new FrozenLake(), timeLimit: 100, arrows: FROZEN_ARROWS }),
  'frozenlake8x8': () => ({ grid: new FrozenLake({ map: '8x8' }), timeLimit: 200, arrows: FROZEN_ARROWS }),
  'frozenlake-still': () => ({ grid: new FrozenLake({ slippery: false }), timeLimit: 100, arrows: FROZEN_ARROWS }),
  // Russell & Norvig's 4×3 world (with deterministic moves): −0.04 per step, +1 goal, −1 pit.
  'gridworld': () => ({ grid: new GridWorld({ map: ['...G', '.#.H', 'S...'], rewards: { step: -0.04, goal: 1, hole: -1 } }), timeLimit: 100, arrows: FROZEN_ARROWS }),
  'cliffwalking': () => ({ grid: new CliffWalking(), timeLimit: 200, arrows: ['↑', '→', '↓', '←'] }),
};

export const tabularEnvOption: RecipeOption = {
  flags: '--env <name>',
  description: Object.keys(TABULAR_TASKS).join(', '),
  default: 'frozenlake',
  parse: (v) => {
    if (!(v in TABULAR_TASKS)) throw new ValueError(`--env must be one of ${Object.keys(TABULAR_TASKS).join(', ')}, got '${v}'`);
    return v;
  },
};

/** The value map as text rows, with terminal cells shown by their map letter. */
export function valueMap(task: TabularTask, values: ArrayLike<number>): string {
  const { grid } = task;
  return Array.from({ length: grid.rows }, (_, r) => Array.from({ length: grid.cols }, (_, c) => {
    const st = r * grid.cols + c;
    const cell = grid.cells[st]!;
    return (grid.mdp.terminal[st] || cell === '#' ? `   ${cell}   ` : values[st]!.toFixed(4).padStart(7)).padStart(8);
  }).join('')).join('\n');
}

/** The policy as arrows (map letters for terminal cells and walls). */
export function policyArrows(task: TabularTask, policy: readonly number[]): string {
  const { grid } = task;
  return Array.from({ length: grid.rows }, (_, r) => Array.from({ length: grid.cols }, (_, c) => {
    const st = r * grid.cols + c;
    const cell = grid.cells[st]!;
    return grid.mdp.terminal[st] || cell === '#' ? cell : task.arrows[policy[st]!]!;
  }).join(' ')).join('\n');
}

/** A PNG of the grid: each cell shaded by its value, with the policy's arrow. */
export function drawValueMap(path: string, task: TabularTask, values: ArrayLike<number>, policy: readonly number[]): void {
  const { grid } = task;
  const size = 64;
  const canvas = createCanvas(grid.cols * size, grid.rows * size);
  const ctx = canvas.getContext('2d');
  const live = Array.from(values).filter((_, st) => !grid.mdp.terminal[st]);
  const [lo, hi] = [Math.min(...live), Math.max(...live)];
  for (let st = 0; st < grid.cells.length; st++) {
    const [x, y] = [(st % grid.cols) * size, Math.floor(st / grid.cols) * size];
    const cell = grid.cells[st]!;
    const t = hi > lo ? (values[st]! - lo) / (hi - lo) : 1;
    ctx.fillStyle = cell === 'H' || cell === 'C' ? '#333344' : cell === 'G' ? '#2ca02c' : cell === '#' ? '#777777' : `rgb(${Math.round(255 - 120 * t)}, ${Math.round(255 - 40 * t)}, 255)`;
    ctx.fillRect(x, y, size, size);
    ctx.strokeStyle = '#ffffff';
    ctx.strokeRect(x, y, size, size);
    ctx.fillStyle = '#111111';
    ctx.font = '12px sans-serif';
    if (!grid.mdp.terminal[st] && cell !== '#') {
      ctx.fillText(values[st]!.toFixed(3), x + 4, y + 14);
      ctx.font = '26px sans-serif';
      ctx.fillText(task.arrows[policy[st]!]!, x + size / 2 - 10, y + size / 2 + 14);
    } else {
      ctx.fillStyle = '#ffffff';
      ctx.fillText(cell, x + size / 2 - 4, y + size / 2 + 4);
    }
  }
  writeFileAtomic(path, canvas.toBuffer('image/png'));
}

/**
 * Plays one greedy CartPole episode and writes `frames` evenly spaced frames of it side by side
 * as a PNG film strip; returns the episode's return.
 */
export function cartPoleFilmStrip(path: string, policy: (observation: number[]) => number, seed: number, frames = 10): number {
  const env = new CartPole();
  const limited = new TimeLimit(env, 500);
  let { observation } = limited.reset({ seed });
  const states: number[][] = [[...env.state]];
  for (;;) {
    const r = limited.step(policy(observation));
    observation = r.observation;
    states.push([...env.state]);
    if (r.terminated || r.truncated) break;
  }
  const [w, h] = [160, 120];
  const canvas = createCanvas(w * frames, h + 18);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (let f = 0; f < frames; f++) {
    const t = Math.round((f * (states.length - 1)) / Math.max(frames - 1, 1));
    drawCartPole(ctx, states[t]!, f * w, w - 2, h);
    ctx.fillStyle = '#222222';
    ctx.font = '12px sans-serif';
    ctx.fillText(`step ${t}`, f * w + 6, h + 14);
  }
  writeFileAtomic(path, canvas.toBuffer('image/png'));
  return states.length - 1;
}

/**
 * `<stage>-returns.png`: the stage's per-chunk mean training return and greedy evaluation return
 * (metrics `trainReturn`, `greedyReturn`) against the metric `xKey`; read from metrics.jsonl, so
 * a resumed run draws its whole history.
 */
export function plotReturns(run: Run, stage: string, xKey: string, xLabel: string): void {
  const records = run.metrics.read().filter((r) => r.stage === stage);
  const pick = (k: string): [number, number][] => records.filter((r) => Number.isFinite(r[k])).map((r) => [r[xKey] as number, r[k] as number]);
  const series = [{ name: 'training episodes (mean per chunk)', points: pick('trainReturn') }, { name: 'greedy evaluation', points: pick('greedyReturn') }];
  linePlot(run.file(`${stage}-returns.png`), series.filter((x) => x.points.length > 0), { title: `${stage}: returns`, xLabel, yLabel: 'return' });
}

/** The best network seen by periodic evaluation and its score: checkpointed with the run. */
export class BestCheckpoint extends Module {
  declare score: Tensor;

  constructor(readonly net: Sequential) {
    super();
    this.registerBuffer('score', tensor([-Infinity], { dtype: 'float64' }));
  }

  get best(): number {
    return this.score.contiguousData()[0]!;
  }

  /** Keeps `candidate`'s weights when `score` beats the best so far (ties keep the older). */
  offer(candidate: Sequential, score: number): boolean {
    if (!(score > this.best)) return false;
    this.net.loadStateDict(candidate.stateDict());
    this.score.contiguousData()[0] = score;
    return true;
  }

  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

/** The greedy policy of a network from observations to action scores. */
export const greedyOf = (net: Sequential) => (x: number[]): number => noGrad(() => net.forward(tensor([x])).argmax(1).item() as number);

/** A CartPole-v1 environment: CartPole with the 500-step time limit. */
export function cartPoleV1(): Env<number[], number> {
  return new TimeLimit(new CartPole(), 500);
}
