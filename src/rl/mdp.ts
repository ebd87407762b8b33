/**
 * @file Finite MDPs (SPEC §13.1–13.2): the model type, returns, policy evaluation (iterative and
 * exact), value iteration, Q-value iteration, policy iteration and greedy policies.
 * Terminal states are absorbing with value 0: a transition into one does not bootstrap.
 */
import { ValueError } from '../errors.js';
import { checkOptions, type OptionKeys } from '../options.js';

/** One outcome of taking an action: with `probability`, move to `next`, collect `reward`. */
export interface Transition {
  probability: number;
  next: number;
  reward: number;
  /** `next` is terminal (its value is 0). */
  terminal: boolean;
}

/**
 * A finite MDP: `transitions[s][a]` lists the outcomes of action a in state s (probabilities
 * sum to 1). `terminal[s]` marks absorbing states, whose value is 0 and whose policy is moot.
 */
export interface FiniteMDP {
  nStates: number;
  nActions: number;
  transitions: Transition[][][];
  terminal: boolean[];
  /** The state episodes start in (for success probabilities and V(start)). */
  start: number;
}

/** A deterministic policy: one action per state. */
export type Policy = number[];

/** Options of value iteration and policy evaluation (PyTorch's keyword arguments, where it has them). */
export interface SolveOptions {
  /** Discount γ in [0, 1] (default 0.99). */
  gamma?: number;
  /** Stop when a sweep changes no value by more than this (default 1e-10). */
  theta?: number;
  /** Safety cap on sweeps (default 100,000). */
  maxIterations?: number;
}

const solveKeys: OptionKeys<SolveOptions> = { gamma: true, theta: true, maxIterations: true };

function gammaOf(o: SolveOptions): number {
  const gamma = o.gamma ?? 0.99;
  if (!(gamma >= 0 && gamma <= 1)) throw new ValueError(`gamma must be in [0, 1], got ${gamma}`);
  return gamma;
}

/**
 * Σ_{s'} P(s'|s,a)·(r + γ·V(s')), with no bootstrap into terminal states.
 * PyTorch: none; Sutton & Barto eq. 4.6.
 * @example rl.actionValue(lake.mdp, values, 0, 2, 0.99) // Q(s = 0, a = right)
 */
export function actionValue(mdp: FiniteMDP, v: ArrayLike<number>, s: number, a: number, gamma: number): number {
  let q = 0;
  for (const t of mdp.transitions[s]![a]!) q += t.probability * (t.reward + (t.terminal ? 0 : gamma * v[t.next]!));
  return q;
}

/**
 * Q(s, a) for every state and action from state values V.
 * PyTorch: none; Sutton & Barto eq. 4.6 for every (s, a).
 * @example rl.qFromV(lake.mdp, values) // Q[s][a] from V
 */
export function qFromV(mdp: FiniteMDP, v: ArrayLike<number>, gamma = 0.99): number[][] {
  return Array.from({ length: mdp.nStates }, (_, s) => Array.from({ length: mdp.nActions }, (_, a) => (mdp.terminal[s] ? 0 : actionValue(mdp, v, s, a, gamma))));
}

/**
 * The action with the largest Q in each state; ties go to the lowest index, and with `current`
 * the current action is kept unless another is better by more than 1e-12 (SPEC §13.2: this
 * stops policy iteration from cycling between tied actions).
 * PyTorch: none; Sutton & Barto's policy improvement (eq. 4.9).
 * @example rl.greedyPolicy(lake.mdp, values) // the argmax-Q action in each state
 */
export function greedyPolicy(mdp: FiniteMDP, v: ArrayLike<number>, gamma = 0.99, current?: Policy): Policy {
  return qFromV(mdp, v, gamma).map((q, s) => {
    let best = current ? current[s]! : 0;
    for (let a = 0; a < q.length; a++) if (q[a]! > q[best]! + 1e-12) best = a;
    return best;
  });
}

/**
 * G = Σ_k γ^k r_k.
 * PyTorch: none; Sutton & Barto eq. 3.8.
 * @example rl.discountedReturn([1, 1, 1], 0.9) // 1 + 0.9 + 0.81 = 2.71
 */
export function discountedReturn(rewards: readonly number[], gamma: number): number {
  let g = 0;
  for (let k = rewards.length - 1; k >= 0; k--) g = rewards[k]! + gamma * g;
  return g;
}

/**
 * V^π by sweeping the Bellman expectation equation until no value moves more than θ.
 * Returns the values and the number of sweeps.
 * PyTorch: none; Sutton & Barto §4.1 (iterative policy evaluation).
 * @example const { values } = rl.evaluatePolicy(lake.mdp, policy, { gamma: 0.99 })
 */
export function evaluatePolicy(mdp: FiniteMDP, policy: Policy, options?: SolveOptions): { values: Float64Array; iterations: number } {
  options = checkOptions('evaluatePolicy', options, solveKeys);
  const gamma = gammaOf(options);
  const { theta = 1e-10, maxIterations = 100_000 } = options;
  const v = new Float64Array(mdp.nStates);
  for (let it = 1; it <= maxIterations; it++) {
    let delta = 0;
    for (let s = 0; s < mdp.nStates; s++) {
      if (mdp.terminal[s]) continue;
      const next = actionValue(mdp, v, s, policy[s]!, gamma);
      delta = Math.max(delta, Math.abs(next - v[s]!));
      v[s] = next; // in place (Gauss–Seidel): converges to the same fixed point
    }
    if (delta < theta) return { values: v, iterations: it };
  }
  throw new ValueError(`evaluatePolicy: no convergence within ${maxIterations} sweeps (is γ = 1 with an improper policy?)`);
}

/**
 * V^π exactly: solves (I − γP_π)V = r_π by Gaussian elimination with partial pivoting (terminal
 * states pinned to 0). Needs γ < 1 or a policy that reaches a terminal state surely.
 * PyTorch: none; `numpy.linalg.solve(I - γ·P_π, r_π)`.
 * @example rl.evaluatePolicyExact(lake.mdp, policy, 0.99) // V^π by a linear solve
 */
export function evaluatePolicyExact(mdp: FiniteMDP, policy: Policy, gamma = 0.99): Float64Array {
  const n = mdp.nStates;
  const m = Array.from({ length: n }, () => new Float64Array(n + 1));
  for (let s = 0; s < n; s++) {
    m[s]![s] = 1;
    if (mdp.terminal[s]) continue;
    for (const t of mdp.transitions[s]![policy[s]!]!) {
      m[s]![n]! += t.probability * t.reward;
      if (!t.terminal) m[s]![t.next]! -= gamma * t.probability;
    }
  }
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (Math.abs(m[pivot]![c]!) < 1e-14) throw new ValueError('evaluatePolicyExact: singular system (γ = 1 with a policy that never terminates?)');
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      if (f !== 0) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return Float64Array.from({ length: n }, (_, s) => m[s]![n]! / m[s]![s]!);
}

/**
 * Value iteration: V ← max_a Σ P (r + γV) in synchronous sweeps until Δ < θ, then the greedy
 * policy. ‖V − V*‖∞ ≤ γθ/(1 − γ) at exit.
 * PyTorch: none; Sutton & Barto §4.4.
 * @example const { values, policy } = rl.valueIteration(lake.mdp, { gamma: 0.99 })
 */
export function valueIteration(mdp: FiniteMDP, options?: SolveOptions): { values: Float64Array; policy: Policy; iterations: number } {
  options = checkOptions('valueIteration', options, solveKeys);
  const gamma = gammaOf(options);
  const { theta = 1e-10, maxIterations = 100_000 } = options;
  let v = new Float64Array(mdp.nStates);
  for (let it = 1; it <= maxIterations; it++) {
    const next = new Float64Array(mdp.nStates);
    let delta = 0;
    for (let s = 0; s < mdp.nStates; s++) {
      if (mdp.terminal[s]) continue;
      let best = -Infinity;
      for (let a = 0; a < mdp.nActions; a++) best = Math.max(best, actionValue(mdp, v, s, a, gamma));
      next[s] = best;
      delta = Math.max(delta, Math.abs(best - v[s]!));
    }
    v = next;
    if (delta < theta) return { values: v, policy: greedyPolicy(mdp, v, gamma), iterations: it };
  }
  throw new ValueError(`valueIteration: no convergence within ${maxIterations} sweeps`);
}

/**
 * Q-value iteration: Q ← Σ P (r + γ max_a' Q(s', a')) until Δ < θ.
 * PyTorch: none; Sutton & Barto §4.4 on action values.
 * @example const { q } = rl.qValueIteration(lake.mdp, { gamma: 0.99 }) // q[s][a]
 */
export function qValueIteration(mdp: FiniteMDP, options?: SolveOptions): { q: number[][]; iterations: number } {
  options = checkOptions('qValueIteration', options, solveKeys);
  const gamma = gammaOf(options);
  const { theta = 1e-10, maxIterations = 100_000 } = options;
  let q = Array.from({ length: mdp.nStates }, () => new Array<number>(mdp.nActions).fill(0));
  for (let it = 1; it <= maxIterations; it++) {
    const v = q.map((row) => Math.max(...row));
    const next = qFromV(mdp, v, gamma);
    const delta = Math.max(...next.flatMap((row, s) => row.map((x, a) => Math.abs(x - q[s]![a]!))));
    q = next;
    if (delta < theta) return { q, iterations: it };
  }
  throw new ValueError(`qValueIteration: no convergence within ${maxIterations} sweeps`);
}

/** Options of `policyIteration` (PyTorch's keyword arguments, where it has them). */
export interface PolicyIterationOptions extends SolveOptions {
  /** Evaluate each policy exactly (linear solve, default) or by sweeps. */
  exact?: boolean;
  /** The starting policy (default: action 0 everywhere). */
  initial?: Policy;
}

/**
 * Policy iteration: evaluate π, make it greedy (keeping the current action on ties), repeat
 * until the policy is stable. Returns V^π, π and the number of improvement steps.
 * PyTorch: none; Sutton & Barto §4.3.
 * @example const { policy, iterations } = rl.policyIteration(lake.mdp, { gamma: 0.99 })
 */
export function policyIteration(mdp: FiniteMDP, options?: PolicyIterationOptions): { values: Float64Array; policy: Policy; iterations: number } {
  options = checkOptions<PolicyIterationOptions>('policyIteration', options, { ...solveKeys, exact: true, initial: true });
  const gamma = gammaOf(options);
  let policy = options.initial ? [...options.initial] : new Array<number>(mdp.nStates).fill(0);
  for (let it = 1; it <= (options.maxIterations ?? 10_000); it++) {
    const values = options.exact ?? true ? evaluatePolicyExact(mdp, policy, gamma) : evaluatePolicy(mdp, policy, { gamma, theta: options.theta, maxIterations: options.maxIterations }).values;
    const improved = greedyPolicy(mdp, values, gamma, policy);
    if (improved.every((a, s) => a === policy[s])) return { values, policy, iterations: it };
    policy = improved;
  }
  throw new ValueError('policyIteration: the policy did not stabilise');
}

/**
 * The probability of ever reaching a state in `goals` from `start` under `policy`, within
 * `horizon` steps (Infinity for no limit), computed exactly by dynamic programming.
 * PyTorch: none (an absorbing-Markov-chain computation).
 * @example rl.reachProbability(lake.mdp, policy, new Set([63])) // chance of reaching the goal
 */
export function reachProbability(mdp: FiniteMDP, policy: Policy, goals: ReadonlySet<number>, horizon = Infinity): number {
  // p_k(s): probability of reaching a goal within k more steps; iterate to convergence or k = horizon.
  let p = new Float64Array(mdp.nStates);
  for (let k = 1; k <= horizon; k++) {
    const next = new Float64Array(mdp.nStates);
    for (let s = 0; s < mdp.nStates; s++) {
      if (mdp.terminal[s]) continue;
      for (const t of mdp.transitions[s]![policy[s]!]!) next[s]! += t.probability * (goals.has(t.next) ? 1 : t.terminal ? 0 : p[t.next]!);
    }
    const delta = Math.max(...next.map((x, s) => Math.abs(x - p[s]!)));
    p = next;
    if (!Number.isFinite(horizon) && delta < 1e-13) break;
  }
  return p[mdp.start]!;
}
