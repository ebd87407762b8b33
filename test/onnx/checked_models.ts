/**
 * @file The small models whose ONNX exports are committed under test/fixtures/onnx/ and checked
 * there by onnx.checker (tools/fixtures/onnx_check.py); the test re-exports them and compares bytes.
 */
import * as s from '../../src/index.js';

const { models, nn } = s;

export interface CheckedModel {
  readonly name: string;
  readonly model: s.nn.Module;
  readonly inputs: s.Tensor[];
}

class TokensToLogits extends nn.Module {
  constructor(readonly lm: s.models.RecurrentLanguageModel) { super(); }
  forward(tokens: s.Tensor): s.Tensor { return this.lm.forward(tokens)[0]; }
}

/** Each model built from seed 0, in eval mode, with its example inputs. */
export function checkedModels(): CheckedModel[] {
  const make = (name: string, build: () => s.nn.Module, inputs: () => s.Tensor[]): CheckedModel => {
    s.manualSeed(0);
    return { name, model: build().eval(), inputs: inputs() };
  };
  return [
    make('mlp', () => new nn.Sequential(new nn.Flatten(), new nn.Linear(16, 8), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(8, 3), new nn.LogSoftmax(-1)),
      () => [s.randn([2, 1, 4, 4])]),
    make('cnn', () => new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(4, 4, 3, { groups: 2 }), new nn.GELU(), new nn.AvgPool2d(2), new nn.Flatten(), new nn.Linear(4, 2)), () => [s.randn([2, 1, 8, 8])]),
    make('lstm-lm', () => new TokensToLogits(new models.RecurrentLanguageModel({ vocabSize: 12, kind: 'lstm', embedDim: 4, hiddenSize: 6 })),
      () => [s.randint(0, 12, [2, 5])]),
    make('transformer-lm', () => new models.TransformerLanguageModel({ vocabSize: 12, dModel: 8, nhead: 2, numLayers: 1, dimFeedforward: 16 }),
      () => [s.randint(0, 12, [2, 5])]),
    make('cyclegan-generator', () => models.translationInit(new models.ResnetGenerator({ ngf: 2, blocks: 1 })), () => [s.randn([1, 3, 16, 16])]),
    make('video', () => new nn.Sequential(new nn.Conv3d(1, 2, 3, { padding: 1 }), new nn.InstanceNorm3d(2, { affine: true }), new nn.ReLU(),
      new nn.ConvTranspose3d(2, 1, 2, { stride: 2 })), () => [s.randn([1, 1, 2, 4, 4])]),
  ];
}
