import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, loadFixture } from '../helpers.js';

const { nn, models } = s;

interface Enc { shape: number[]; data: number[] }
interface VisionCase {
  name: string;
  config: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  train: boolean;
  initial: Record<string, Enc>;
  warmup: Enc[];
  input: Enc;
  output: Enc;
  gradOutput: Enc;
  gradInput: Enc;
  paramGrads: Record<string, Enc>;
  buffers: Record<string, Enc>;
}

const fromEnc = (e: Enc): s.Tensor => s.tensor(e.data).reshape(e.shape);

function build({ name, config: c }: VisionCase): s.nn.Module {
  const o = c.o ?? {};
  switch (name) {
    case 'conv1d': return new nn.Conv1d(c.in, c.out, c.k, o);
    case 'conv2d': return new nn.Conv2d(c.in, c.out, c.k, o);
    case 'conv3d': return new nn.Conv3d(c.in, c.out, c.k, o);
    case 'convTranspose1d': return new nn.ConvTranspose1d(c.in, c.out, c.k, o);
    case 'convTranspose2d': return new nn.ConvTranspose2d(c.in, c.out, c.k, o);
    case 'batchNorm1d': return new nn.BatchNorm1d(c.c, o);
    case 'batchNorm2d': return new nn.BatchNorm2d(c.c, o);
    case 'batchNorm3d': return new nn.BatchNorm3d(c.c, o);
    case 'instanceNorm1d': return new nn.InstanceNorm1d(c.c, o);
    case 'instanceNorm2d': return new nn.InstanceNorm2d(c.c, o);
    case 'layerNorm': return new nn.LayerNorm(c.shape, o);
    case 'groupNorm': return new nn.GroupNorm(c.groups, c.c, o);
    case 'frelu': return new nn.FReLU(c.c);
    case 'basicBlock': return new models.BasicBlock(c.in, c.planes, { stride: c.stride, downsample: models.projection(c.in, c.planes, c.stride) });
    case 'bottleneck': return new models.Bottleneck(c.in, c.planes, { stride: c.stride });
    case 'resnet': return new models.ResNet({ layers: [1, 1], widths: [4, 8], inChannels: 1, numClasses: 3 });
    default: throw new Error(name);
  }
}

const { cases } = loadFixture<{ cases: VisionCase[] }>('nn/vision.json');
cases.forEach((c, i) => {
  test(`${c.name} #${i} (${c.train ? 'train' : 'eval'}): state dict keys, output, gradients and buffers match PyTorch`, () => {
    const layer = build(c);
    assert.deepEqual(Object.keys(layer.stateDict()), Object.keys(c.initial));
    layer.loadStateDict(Object.fromEntries(Object.entries(c.initial).map(([k, v]) => [k, fromEnc(v)])));
    for (const w of c.warmup) layer.forward(fromEnc(w));
    layer.train(c.train);
    const x = fromEnc(c.input).requiresGrad_();
    const y = layer.forward(x) as s.Tensor;
    const tol = { rtol: 1e-4, atol: 1e-5 };
    assertClose(y, fromEnc(c.output), tol, 'output');
    y.backward(fromEnc(c.gradOutput));
    assertClose(x.grad!, fromEnc(c.gradInput), tol, 'input gradient');
    for (const [name, p] of layer.namedParameters()) assertClose(p.grad!, fromEnc(c.paramGrads[name]!), tol, name);
    const state = layer.stateDict();
    for (const [name, b] of Object.entries(c.buffers)) assertClose(state[name]!.double(), s.tensor(b.data, { dtype: 'float64' }).reshape(b.shape), tol, name);
  });
});
