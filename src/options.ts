/**
 * @file Validation of options objects and positional-argument counts, shared by every public
 * call: plain JavaScript gets no type checks, so a PyTorch habit (a positional stride, a
 * misspelled key) must throw rather than be silently ignored.
 */
import { ValueError } from './errors.js';

/** Every key of an options type, each marked `true`: a forgotten or unknown key fails to compile. */
export type OptionKeys<T> = { readonly [K in keyof Required<T>]: true };

/** A short description of a value for error messages: `0.1 (a number)`, `a Tensor`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value}' (a string)`;
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  if (typeof value === 'function') return 'a function';
  return `${String(value)} (a ${typeof value})`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Edit distance between two keys compared without case and underscores (`weight_decay` ~ `weightDecay`). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase().replace(/_/g, '');
  const y = b.toLowerCase().replace(/_/g, '');
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) {
      next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1)));
    }
    row = next;
  }
  return row[y.length]!;
}

/** ` (did you mean 'betas'?)` when one allowed key is close to `key`, else ''. */
function didYouMean(key: string, allowed: readonly string[]): string {
  let best = '';
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of allowed) {
    const d = distance(key, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

/**
 * Checks the options argument of `op` before anything else runs: `undefined` gives `{}`; a
 * non-object (a positional number, string, boolean, array or tensor where the options object
 * belongs) throws a ValueError showing the options form; an unknown key throws naming the
 * allowed ones, with a "did you mean" when one is close.
 * @example
 * const { bias = true } = checkOptions<LinearOptions>('Linear', options, { bias: true });
 */
export function checkOptions<T extends object>(op: string, options: T | undefined, keys: OptionKeys<T>): T {
  if (options === undefined) return {} as T;
  const allowed = Object.keys(keys);
  if (!isPlainObject(options)) {
    const form = allowed.length ? `{ ${allowed.join(', ')} }` : '{}';
    throw new ValueError(`${op}: expected an options object ${form} here, got ${describeValue(options)}; `
      + `arguments that PyTorch also takes by keyword go in it by name${allowed.length ? `, e.g. { ${allowed[0]}: … }` : ''}`);
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(keys, key)) {
      throw new ValueError(`${op}: unknown option '${key}'${didYouMean(key, allowed)}; the options are ${allowed.join(', ') || 'none'}`);
    }
  }
  return options;
}

/**
 * Throws when `op` got more positional arguments than it takes (`count` > `max`), so an argument
 * that PyTorch would use is never silently dropped.
 * @example checkArgCount('Tensor.forward', args.length, 1, 'forward(src, { srcMask })');
 */
export function checkArgCount(op: string, count: number, max: number, usage: string): void {
  if (count > max) throw new ValueError(`${op}: takes at most ${max} positional argument${max === 1 ? '' : 's'}, got ${count}; call it as ${usage}`);
}

/**
 * Throws when a layer got arguments past its `declared` ones. PyTorch's activations and dropout
 * take a trailing `inplace` flag (`nn.ReLU(True)`, `nn.LeakyReLU(0.2, True)`); dropping it
 * silently would break code that relies on the input being overwritten.
 * @example constructor(readonly p = 0.5, ...extra: never[]) { super(); checkNoInplaceFlag('Dropout', 1, extra, 'new nn.Dropout(p)'); }
 */
export function checkNoInplaceFlag(op: string, declared: number, extra: readonly unknown[], usage: string): void {
  if (extra.length === 0) return;
  checkArgCount(op, declared + extra.length, declared, `${usage} (there is no inplace flag; in-place forms are tensor methods such as x.relu_())`);
}

/**
 * `options` checked against the keys of `defaults` (every key an option has) and laid over them.
 * @example const o = withDefaults('SGD', options, { lr: 1e-3, momentum: 0 });
 */
export function withDefaults<O extends object>(op: string, options: Partial<O> | undefined, defaults: O): O {
  const keys = Object.fromEntries(Object.keys(defaults).map((k) => [k, true])) as OptionKeys<Partial<O>>;
  return { ...defaults, ...checkOptions(op, options, keys) };
}
