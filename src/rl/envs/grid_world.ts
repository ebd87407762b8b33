/**
 * @file Grid worlds from a character map: GridWorld, and FrozenLake and CliffWalking as exact
 * Gymnasium configurations of it (SPEC §13.3). Each exposes its model as a FiniteMDP, and steps
 * by sampling that same model, so planning and simulation can never disagree.
 */
import { ValueError } from '../../errors.js';
import type { FiniteMDP, Transition } from '../mdp.js';
import { Discrete } from '../spaces.js';
import { EnvRandom, type Env, type ResetResult, type StepResult } from '../env.js';
import { checkOptions } from '../../options.js';

/** A move as (row, column) steps. */
type Move = readonly [number, number];
/** A move on the grid. */
export type Direction = 'left' | 'down' | 'right' | 'up';
const MOVES: Record<Direction, Move> = { left: [0, -1], down: [1, 0], right: [0, 1], up: [-1, 0] };

/** Options of `GridWorld` (PyTorch's keyword arguments, where it has them). */
export interface GridWorldOptions {
  /**
   * Rows of cells: 'S' start, '.' or 'F' floor, 'G' goal (terminal), 'H' hole (terminal),
   * 'C' cliff (back to the start), '#' wall (cannot be entered).
   */
  map: readonly string[];
  /** Rewards for entering a goal, a hole, a cliff cell, and for any other move. */
  rewards?: { goal?: number; hole?: number; cliff?: number; step?: number };
  /** With probability 2/3 the move goes to one of the two perpendicular directions (FrozenLake's ice). */
  slippery?: boolean;
  /** What action i means (default FrozenLake's order: left, down, right, up). */
  actions?: readonly Direction[];
}

/**
 * A grid world on a character map. Observations are cell indices (row-major), actions the
 * moves in `actions`; bumping into the border or a wall leaves the agent where it is.
 * Gymnasium: the toy-text environments (`FrozenLake-v1`, `CliffWalking-v0`).
 * @example new GridWorld({ map: ['S..', '.#.', '..G'], rewards: { step: -0.04, goal: 1 } })
 */
export class GridWorld implements Env<number, number> {
  readonly observationSpace: Discrete;
  readonly actionSpace: Discrete;
  readonly rows: number;
  readonly cols: number;
  readonly cells: string;
  /** The model: the transitions the environment samples from. */
  readonly mdp: FiniteMDP;
  private readonly random = new EnvRandom();
  private state = -1;

  constructor(readonly options: GridWorldOptions) {
    const { map } = options;
    this.rows = map.length;
    this.cols = map[0]?.length ?? 0;
    if (this.rows === 0 || map.some((r) => r.length !== this.cols) || /[^SFGHC#.]/.test(map.join(''))) {
      throw new ValueError(`GridWorld: the map must be equal-length rows of S . F G H C #, got ${JSON.stringify(map)}`);
    }
    this.cells = map.join('');
    if ((this.cells.match(/S/g) ?? []).length !== 1) throw new ValueError('GridWorld: the map needs exactly one start cell S');
    const actions = options.actions ?? ['left', 'down', 'right', 'up'];
    this.observationSpace = new Discrete(this.cells.length);
    this.actionSpace = new Discrete(actions.length);
    this.mdp = this.buildModel(actions);
  }

  private buildModel(actions: readonly Direction[]): FiniteMDP {
    const { goal = 1, hole = 0, cliff = -100, step = 0 } = this.options.rewards ?? {};
    const start = this.cells.indexOf('S');
    const terminal = [...this.cells].map((c) => c === 'G' || c === 'H');
    const outcome = (s: number, d: Direction): Transition => {
      const [dr, dc] = MOVES[d];
      const [r, c] = [Math.floor(s / this.cols) + dr, (s % this.cols) + dc];
      const inside = r >= 0 && r < this.rows && c >= 0 && c < this.cols && this.cells[r * this.cols + c] !== '#';
      const next = inside ? r * this.cols + c : s;
      const cell = this.cells[next];
      if (cell === 'C') return { probability: 0, next: start, reward: cliff, terminal: false };
      const reward = cell === 'G' ? goal : cell === 'H' ? hole : step;
      return { probability: 0, next, reward, terminal: terminal[next]! };
    };
    const transitions = [...this.cells].map((_, s) => actions.map((_, a) => {
      if (terminal[s]) return [{ probability: 1, next: s, reward: 0, terminal: true }];
      const executed = this.options.slippery ? [(a + actions.length - 1) % actions.length, a, (a + 1) % actions.length] : [a];
      // Merge identical outcomes, so each (next, reward) appears once with its total probability.
      const merged = new Map<string, Transition>();
      for (const e of executed) {
        const t = outcome(s, actions[e]!);
        const key = `${t.next}/${t.reward}`;
        const seen = merged.get(key);
        if (seen) seen.probability += 1 / executed.length;
        else merged.set(key, { ...t, probability: 1 / executed.length });
      }
      return [...merged.values()];
    }));
    return { nStates: this.cells.length, nActions: actions.length, transitions, terminal, start };
  }

  reset({ seed }: { seed?: number } = {}): ResetResult<number> {
    this.random.forReset(seed);
    this.state = this.mdp.start;
    return { observation: this.state, info: {} };
  }

  /** Moves the agent (slipping on FrozenLake-style maps) and returns the step result. */
  step(action: number): StepResult<number> {
    if (this.state < 0) throw new ValueError('GridWorld: call reset() before step()');
    if (!this.actionSpace.contains(action)) throw new ValueError(`GridWorld: action must be an integer in [0, ${this.actionSpace.n}), got ${action}`);
    const outcomes = this.mdp.transitions[this.state]![action]!;
    let u = this.random.current.random();
    let t = outcomes[outcomes.length - 1]!;
    for (const o of outcomes) {
      if (u < o.probability) {
        t = o;
        break;
      }
      u -= o.probability;
    }
    this.state = t.next;
    return { observation: t.next, reward: t.reward, terminated: t.terminal, truncated: false, info: { probability: t.probability } };
  }

  /** Cells of the goal ('G'). */
  goals(): Set<number> {
    return new Set([...this.cells].flatMap((c, i) => (c === 'G' ? [i] : [])));
  }
}

/** The 4×4 and 8×8 maps of Gymnasium's FrozenLake-v1. */
export const FROZEN_LAKE_MAPS = {
  '4x4': ['SFFF', 'FHFH', 'FFFH', 'HFFG'],
  '8x8': ['SFFFFFFF', 'FFFFFFFF', 'FFFHFFFF', 'FFFFFHFF', 'FFFHFFFF', 'FHHFFFHF', 'FHFFHFHF', 'FFFHFFFG'],
} as const;

/**
 * FrozenLake-v1: reach G across ice without falling into a hole; reward 1 at the goal. Slippery
 * by default (the intended move or either perpendicular one, 1/3 each). Gymnasium limits
 * episodes to 100 steps (4×4) or 200 (8×8): wrap it in TimeLimit.
 * Gymnasium: `gymnasium.make('FrozenLake-v1', map_name='4x4', is_slippery=True)`.
 * @example rl.valueIteration(new rl.FrozenLake({ map: '8x8' }).mdp, { gamma: 0.99 })
 */
export class FrozenLake extends GridWorld {
  constructor(options?: { map?: '4x4' | '8x8'; slippery?: boolean }) {
    const { map = '4x4', slippery = true } = checkOptions<{ map?: '4x4' | '8x8'; slippery?: boolean }>('FrozenLake', options, { map: true, slippery: true });
    super({ map: FROZEN_LAKE_MAPS[map], slippery, rewards: { goal: 1, hole: 0, step: 0 } });
  }
}

/**
 * CliffWalking-v0 (Sutton & Barto, Example 6.6): 4×12, start bottom-left, goal bottom-right,
 * the cells between are a cliff (−100 and back to the start); every other move costs −1.
 * Actions: 0 up, 1 right, 2 down, 3 left. Gymnasium: `gymnasium.make('CliffWalking-v0')`.
 * @example rl.valueIteration(new rl.CliffWalking().mdp, { gamma: 1 }).policy
 */
export class CliffWalking extends GridWorld {
  constructor() {
    super({
      map: ['............', '............', '............', 'SCCCCCCCCCCG'],
      rewards: { goal: -1, cliff: -100, step: -1 },
      actions: ['up', 'right', 'down', 'left'],
    });
  }
}
