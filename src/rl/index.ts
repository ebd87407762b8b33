/**
 * `rl`: environments (Gymnasium-style), finite MDPs with value and policy iteration, and
 * agents: tabular and neural actor-critic, DQN, A2C.
 * @packageDocumentation
 */
export { Discrete, Box, type Space } from './spaces.js';
export { EnvRandom, type Env, type Info, type ResetResult, type StepResult } from './env.js';
export { TimeLimit, RecordEpisodeStatistics, type EpisodeStatistics } from './wrappers.js';
export { SyncVectorEnv, type VectorStep } from './vector_env.js';
export { GridWorld, FrozenLake, CliffWalking, FROZEN_LAKE_MAPS, type GridWorldOptions, type Direction } from './envs/grid_world.js';
export { CartPole } from './envs/cartpole.js';
export { drawCartPole, type CartPoleCanvas } from './envs/cartpole_render.js';
export { MountainCar } from './envs/mountain_car.js';
export {
  actionValue, qFromV, greedyPolicy, discountedReturn, evaluatePolicy, evaluatePolicyExact, valueIteration, qValueIteration,
  policyIteration, reachProbability, type FiniteMDP, type Transition, type Policy, type SolveOptions, type PolicyIterationOptions,
} from './mdp.js';
export { TabularActorCritic, type TabularActorCriticOptions } from './tabular_actor_critic.js';
export { ReplayBuffer, type ReplayBatch } from './replay_buffer.js';
export { nStepReturns, linearSchedule } from './returns.js';
export { mlp, type MlpOptions } from './networks.js';
export { evaluatePolicyReturns, mean } from './evaluate.js';
export { DQN, type DqnOptions } from './agents/dqn.js';
export { A2C, type A2cOptions, type A2cUpdate } from './agents/a2c.js';
export { ActorCritic, type ActorCriticOptions } from './agents/actor_critic.js';
