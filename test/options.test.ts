/**
 * @file The options rule across the whole public surface: every exported function, constructor
 * and Tensor/Module/Optimizer method that takes an options object rejects a non-object there and
 * an unknown key, before doing anything else. The parameters are found by reading the public
 * types with the TypeScript compiler, so a new export is covered without listing it here.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import ts from 'typescript';
import * as s from '../src/index.js';
import { checkOptions, checkArgCount } from '../src/options.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

type Kind = 'number' | 'string' | 'boolean' | 'array';
interface OptionsParam { path: string; kind: 'call' | 'construct' | 'method'; owner?: string; index: number; accepts: Kind[] }

/** The primitive kinds a parameter type admits (another overload may take a positional dim there). */
function kinds(checker: ts.TypeChecker, type: ts.Type): Kind[] {
  const parts = type.isUnion() ? type.types : [type];
  const out = new Set<Kind>();
  for (const t of parts) {
    if (t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.Any)) out.add('number');
    if (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Any)) out.add('string');
    if (t.flags & (ts.TypeFlags.BooleanLike | ts.TypeFlags.Any)) out.add('boolean');
    if (checker.isArrayType(t) || checker.isTupleType(t) || t.flags & ts.TypeFlags.Any) out.add('array');
  }
  return [...out];
}

/** An options type: an object type that is not a class instance, array, function or dictionary. */
function isOptionsType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) : [type];
  if (parts.length !== 1) return false;
  const t = parts[0]!;
  if (!(t.flags & ts.TypeFlags.Object) || checker.isArrayType(t) || checker.isTupleType(t)) return false;
  if (t.getCallSignatures().length || t.getConstructSignatures().length) return false;
  if (t.getStringIndexType() || t.getNumberIndexType()) return false;
  if (t.getSymbol() && (t.getSymbol()!.flags & ts.SymbolFlags.Class)) return false;
  const props = t.getProperties();
  if (props.some((p) => p.getName().startsWith('__@'))) return false; // iterables
  return props.length > 0 && props.every((p) => (p.flags & ts.SymbolFlags.Optional) !== 0);
}

function optionsParams(): OptionsParam[] {
  const program = ts.createProgram([`${root}src/index.ts`], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(`${root}src/index.ts`)!;
  const found: OptionsParam[] = [];
  const signatures = (path: string, kind: OptionsParam['kind'], sigs: readonly ts.Signature[], owner?: string): void => {
    const hasRest = (sig: ts.Signature): boolean => {
      const decl = sig.getDeclaration() as ts.SignatureDeclaration | undefined;
      return !!decl?.parameters?.at(-1)?.dotDotDotToken;
    };
    const typeAt = (sig: ts.Signature, index: number): ts.Type | undefined => {
      const params = sig.getParameters();
      const p = params[Math.min(index, params.length - 1)];
      return p && (index < params.length || hasRest(sig)) ? checker.getTypeOfSymbolAtLocation(p, source) : undefined;
    };
    for (const sig of sigs) {
      sig.getParameters().forEach((p, index) => {
        if (!isOptionsType(checker, checker.getTypeOfSymbolAtLocation(p, source))) return;
        const accepts = [...new Set(sigs.flatMap((other) => {
          const t = typeAt(other, index);
          return t ? kinds(checker, checker.isArrayType(t) && hasRest(other) && index >= other.getParameters().length - 1 ? checker.getTypeArguments(t as ts.TypeReference)[0]! : t) : [];
        }))];
        found.push({ path, kind, index, accepts, ...(owner ? { owner } : {}) });
      });
    }
  };
  const visit = (sym: ts.Symbol, path: string): void => {
    const symbol = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (symbol.flags & ts.SymbolFlags.Module) {
      for (const e of checker.getExportsOfModule(symbol)) visit(e, `${path}.${e.getName()}`);
      return;
    }
    if (!(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable)) || symbol.getName().endsWith('Error')) return;
    const type = checker.getTypeOfSymbolAtLocation(symbol, source);
    signatures(path, 'call', type.getCallSignatures());
    signatures(path, 'construct', type.getConstructSignatures());
    if (['Tensor', 'Module', 'Optimizer'].includes(symbol.getName()) && symbol.flags & ts.SymbolFlags.Class) {
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      for (const m of instance.getProperties()) {
        signatures(`${symbol.getName()}.${m.getName()}`, 'method', checker.getTypeOfSymbolAtLocation(m, source).getCallSignatures(), symbol.getName());
      }
    }
  };
  for (const e of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) visit(e, e.getName());
  // One entry per place: overloads and re-exports under several names repeat it.
  return [...new Map(found.map((f) => [`${f.path}#${f.index}`, f])).values()];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function resolve(path: string): Any {
  return path.split('.').reduce<Any>((o, k) => o?.[k], s);
}

class Probe extends s.nn.Module {
  fc = new s.nn.Linear(2, 2);
  forward(x: s.Tensor): s.Tensor { return this.fc.forward(x); }
}

function instanceOf(owner: string): Any {
  if (owner === 'Tensor') return s.tensor([1, 2, 3]);
  const model = new Probe();
  return owner === 'Module' ? model : new s.optim.SGD(model.parameters(), { lr: 0.1 });
}

function invoke(p: OptionsParam, value: unknown): unknown {
  const args: unknown[] = Array(p.index).fill(undefined);
  args.push(value);
  if (p.kind === 'method') {
    const target = instanceOf(p.owner!);
    return target[p.path.split('.')[1]!](...args);
  }
  const fn = resolve(p.path);
  return p.kind === 'construct' ? new fn(...args) : fn(...args);
}

const params = optionsParams();
if (process.env.LIST_OPTIONS) console.log(params.map((p) => `${p.path}#${p.index}`).join(" "));

test('the public surface has options parameters to check (the type walk found them)', () => {
  const paths = new Set(params.map((p) => p.path));
  for (const expected of ['nn.Conv2d', 'nn.Linear', 'optim.SGD', 'nn.LSTM', 'F.maxPool2d', 'F.nllLoss', 'Tensor.var', 'zeros', 'data.DataLoader']) {
    assert.ok(paths.has(expected), `${expected} has an options parameter`);
  }
  assert.ok(params.length > 100, `found ${params.length}`);
});

test('every options parameter rejects a non-object in its place, naming the options form', () => {
  const failures: string[] = [];
  for (const p of params) {
    const wrongs: [Kind, unknown][] = [['number', 42], ['string', 'sum'], ['boolean', false], ['array', [1]]];
    for (const [, wrong] of wrongs.filter(([k]) => !p.accepts.includes(k))) {
      try {
        invoke(p, wrong);
        failures.push(`${p.path} (argument ${p.index + 1}) accepted ${JSON.stringify(wrong)}`);
      } catch (e) {
        if (!(e instanceof s.ValueError) || !/expected an options object/.test(e.message)) {
          failures.push(`${p.path} (argument ${p.index + 1}) with ${JSON.stringify(wrong)}: ${(e as Error).name}: ${(e as Error).message}`);
        }
      }
    }
  }
  assert.deepEqual(failures, []);
});

test('every options parameter rejects an unknown key, listing the allowed ones', () => {
  const failures: string[] = [];
  for (const p of params) {
    try {
      invoke(p, { notAnOption: 1 });
      failures.push(`${p.path} accepted an unknown key`);
    } catch (e) {
      if (!(e instanceof s.ValueError) || !/unknown option 'notAnOption'; the options are /.test(e.message)) {
        failures.push(`${p.path}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test('checkOptions: undefined gives {}, a near miss gets a suggestion, snake_case finds its camelCase key', () => {
  interface O { lr?: number; betas?: [number, number]; weightDecay?: number }
  const keys = { lr: true, betas: true, weightDecay: true } as const;
  assert.deepEqual(checkOptions<O>('Adam', undefined, keys), {});
  assert.deepEqual(checkOptions<O>('Adam', { lr: 1 }, keys), { lr: 1 });
  assert.throws(() => checkOptions<O>('Adam', { beta: 0.9 } as O, keys), /unknown option 'beta' \(did you mean 'betas'\?\); the options are lr, betas, weightDecay/);
  assert.throws(() => checkOptions<O>('Adam', { weight_decay: 0.1 } as O, keys), /did you mean 'weightDecay'/);
  assert.throws(() => checkOptions<O>('Adam', { momentum: 0.1 } as O, keys), (e: Error) => !/did you mean/.test(e.message));
  assert.throws(() => checkOptions<O>('Adam', s.tensor([1]) as unknown as O, keys), /got a Tensor/);
  assert.throws(() => checkArgCount('f', 3, 2, 'f(a, b)'), /f: takes at most 2 positional arguments, got 3; call it as f\(a, b\)/);
});

test('the PyTorch habits that used to be ignored in plain JavaScript now throw, naming the options form', () => {
  const { nn, optim, F } = s;
  const x = s.randn([1, 1, 4, 4]);
  const js = (f: () => unknown): (() => unknown) => f; // the calls below are what untyped JavaScript can write
  const cases: [string, () => unknown, RegExp][] = [
    ['Conv2d stride/padding/bias', js(() => new (nn.Conv2d as Any)(1, 2, 3, 1, 1, false)), /Conv2d: expected an options object \{ stride, padding, dilation, groups, paddingMode, bias \}/],
    ['Linear bias', js(() => new (nn.Linear as Any)(2, 3, false)), /Linear: expected an options object \{ bias \} here, got false/],
    ['SGD lr', js(() => new (optim.SGD as Any)(new nn.Linear(2, 2).parameters(), 0.1)), /SGD: expected an options object \{ lr, momentum/],
    ['LSTM numLayers', js(() => new (nn.LSTM as Any)(3, 4, 2)), /LSTM: expected an options object \{ numLayers/],
    ['maxPool2d stride', js(() => (F.maxPool2d as Any)(x, 2, 1)), /maxPool2d: expected an options object \{ stride/],
    ['nllLoss reduction', js(() => (F.nllLoss as Any)(s.randn([2, 3]), s.tensor([0, 1], { dtype: 'int32' }), 'sum')), /nllLoss: expected an options object \{ weight, ignoreIndex, reduction \} here, got 'sum'/],
    ['unknown key', js(() => new optim.Adam(new nn.Linear(2, 2).parameters(), { beta: 0.9 } as Any)), /Adam: unknown option 'beta' \(did you mean 'betas'\?\)/],
    ['group key', js(() => new optim.SGD([{ params: new nn.Linear(2, 2).parameters(), learningRate: 0.1 } as Any])), /SGD parameter group: unknown option 'learningRate'/],
  ];
  for (const [what, call, message] of cases) assert.throws(call, { name: 'ValueError', message }, what);
});

test('positional forms PyTorch users write work as in PyTorch', () => {
  const x = s.tensor([[1, 2, 4], [3, 5, 9]]);
  assert.deepEqual(x.var(1).toArray(), x.var({ dim: 1 }).toArray());
  assert.deepEqual(x.var(1, { keepdim: true }).shape, [2, 1]);
  assert.deepEqual(x.std(0).toArray(), x.std({ dim: 0 }).toArray());
  assert.notDeepEqual(x.var(1).toArray(), [x.var().item()]);
  assert.deepEqual(s.var(x, [0, 1], { correction: 0 }).item(), x.var({ correction: 0 }).item());
  assert.deepEqual(x.permute(1, 0).toArray(), x.permute([1, 0]).toArray());
  assert.deepEqual(x.reshape(3, -1).shape, [3, 2]);
  assert.deepEqual(x.view(-1).shape, [6]);
  assert.deepEqual(s.tensor([[1], [2]]).expand(2, 3).shape, [2, 3]);
  assert.deepEqual(x.repeat(2, 1).shape, [4, 3]);
  assert.deepEqual(x.flip(0, 1).toArray(), x.flip([0, 1]).toArray());
  assert.deepEqual(x.sum(0, true).shape, [1, 3]);
  assert.deepEqual(s.zeros(2, 3).shape, [2, 3]);
  assert.equal(s.ones(2, 3, { dtype: 'int32' }).dtype, 'int32');
  assert.deepEqual(s.randn(4, 5).shape, [4, 5]);
  assert.deepEqual(s.rand(3).shape, [3]);
  assert.throws(() => (x.reshape as Any)(2, '3'), { name: 'ValueError', message: /reshape: expected one array of sizes or one number per argument/ });
  assert.throws(() => (s.zeros as Any)(2, 'x'), { name: 'ValueError', message: /zeros: expected an options object/ });
  assert.throws(() => (s.zeros as Any)([2], {}, 3), { name: 'ValueError', message: /zeros: takes at most 2 positional arguments/ });
  assert.throws(() => (x.var as Any)({ dim: 1 }, { keepdim: true }), { name: 'ValueError', message: /var: takes at most 1 positional argument/ });
});

test("PyTorch's trailing inplace flag throws instead of being dropped", () => {
  const x = s.randn([3]);
  const layer = (C: unknown, ...args: unknown[]) => (): unknown => new (C as new (...a: unknown[]) => unknown)(...args);
  const fn = (f: unknown, ...args: unknown[]) => (): unknown => (f as (...a: unknown[]) => unknown)(x, ...args);
  const calls: [string, () => unknown][] = [
    ...(['ReLU', 'ReLU6', 'SELU', 'SiLU', 'Mish', 'Sigmoid', 'Tanh'] as const).map((n): [string, () => unknown] => [n, layer(s.nn[n], true)]),
    ['LeakyReLU', layer(s.nn.LeakyReLU, 0.2, true)], ['ELU', layer(s.nn.ELU, 1, true)], ['Hardtanh', layer(s.nn.Hardtanh, -1, 1, true)],
    ['Dropout', layer(s.nn.Dropout, 0.5, true)], ['Dropout2d', layer(s.nn.Dropout2d, 0.5, true)],
    ['F.relu', fn(s.F.relu, true)], ['F.relu6', fn(s.F.relu6, true)], ['F.selu', fn(s.F.selu, true)], ['F.silu', fn(s.F.silu, true)],
    ['F.mish', fn(s.F.mish, true)], ['F.leakyRelu', fn(s.F.leakyRelu, 0.2, true)], ['F.elu', fn(s.F.elu, 1, true)],
    ['F.hardtanh', fn(s.F.hardtanh, -1, 1, true)],
  ];
  for (const [what, call] of calls) {
    assert.throws(call, { name: 'ValueError', message: /takes at most \d positional arguments?, got \d; call it as .* \(there is no inplace flag/ }, what);
  }
  assert.equal(new s.nn.LeakyReLU(0.2).negativeSlope, 0.2);
  assert.deepEqual(s.F.leakyRelu(x, 0.2).shape, [3]);
});
