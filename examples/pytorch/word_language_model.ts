/**
 * @file Port of pytorch/examples word_language_model: RNNModel with an LSTM, GRU or Elman RNN
 * (optionally tied weights), PositionalEncoding, TransformerModel (nn.TransformerEncoder under
 * a square subsequent mask), and main.py's batchify / getBatch / train epoch (plain SGD after
 * gradient clipping).
 */
import { arange, F, nn, noGrad, ones, triu, zeros, type Tensor } from '../../src/index.js';

/** The recurrent layers model.py knows. */
export type RnnType = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';

/** The hidden state: (h, c) for an LSTM, h for the others. */
export type Hidden = Tensor | readonly [Tensor, Tensor];

/** The example's `RNNModel(rnn_type, …)`: embedding → dropout → LSTM/GRU/RNN → dropout → linear → log-softmax. */
export class RNNModel extends nn.Module {
  readonly drop: nn.Dropout;
  readonly encoder: nn.Embedding;
  readonly rnn: nn.LSTM | nn.GRU | nn.RNN;
  readonly decoder: nn.Linear;

  constructor(readonly rnnType: RnnType, readonly ntoken: number, ninp: number, readonly nhid: number, readonly nlayers: number, dropout = 0.5, tieWeights = false) {
    super();
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    if (rnnType === 'LSTM' || rnnType === 'GRU') {
      this.rnn = new nn[rnnType](ninp, nhid, { numLayers: nlayers, dropout });
    } else {
      const nonlinearity = ({ RNN_TANH: 'tanh', RNN_RELU: 'relu' } as const)[rnnType];
      if (nonlinearity === undefined) throw new Error("An invalid option for `--model` was supplied, options are ['LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU']");
      this.rnn = new nn.RNN(ninp, nhid, { numLayers: nlayers, nonlinearity, dropout });
    }
    this.decoder = new nn.Linear(nhid, ntoken);
    if (tieWeights) {
      if (nhid !== ninp) throw new Error('When using the tied flag, nhid must be equal to emsize');
      this.decoder.weight = this.encoder.weight;
    }
    noGrad(() => {
      this.encoder.weight.uniform_(-0.1, 0.1);
      this.decoder.bias!.zero_();
      this.decoder.weight.uniform_(-0.1, 0.1);
    });
  }

  forward(input: Tensor, hidden: Hidden): [Tensor, Hidden] {
    const emb = this.drop.forward(this.encoder.forward(input));
    const [output, next] = this.rnn instanceof nn.LSTM ? this.rnn.forward(emb, hidden as [Tensor, Tensor]) : this.rnn.forward(emb, hidden as Tensor);
    const decoded = this.decoder.forward(this.drop.forward(output)).view(-1, this.ntoken);
    return [F.logSoftmax(decoded, 1), next];
  }

  initHidden(bsz: number): Hidden {
    if (this.rnnType === 'LSTM') return [zeros(this.nlayers, bsz, this.nhid), zeros(this.nlayers, bsz, this.nhid)];
    return zeros(this.nlayers, bsz, this.nhid);
  }
}

/** Sinusoidal position codes added to [T, B, dModel] inputs, then dropout. */
export class PositionalEncoding extends nn.Module {
  readonly dropout: nn.Dropout;
  declare readonly pe: Tensor;

  constructor(dModel: number, dropout = 0.1, maxLen = 5000) {
    super();
    this.dropout = new nn.Dropout(dropout);
    const pe = zeros(maxLen, dModel);
    const position = arange(0, maxLen, 1, { dtype: 'float32' }).unsqueeze(1);
    const divTerm = arange(0, dModel, 2, { dtype: 'float32' }).mul(-Math.log(10000) / dModel).exp();
    pe.set([null, '0::2'], position.mul(divTerm).sin());
    pe.set([null, '1::2'], position.mul(divTerm).cos());
    this.registerBuffer('pe', pe.unsqueeze(0).transpose(0, 1));
  }

  forward(x: Tensor): Tensor {
    return this.dropout.forward(x.add(this.pe.get([`:${x.shape[0]}`])));
  }
}

/** The example's `TransformerModel`: embedding ×√ninp → PositionalEncoding → nn.TransformerEncoder (causal) → linear → log-softmax. */
export class TransformerModel extends nn.Module {
  readonly modelType = 'Transformer';
  srcMask: Tensor | null = null;
  readonly posEncoder: PositionalEncoding;
  readonly transformerEncoder: nn.TransformerEncoder;
  readonly encoder: nn.Embedding;
  readonly decoder: nn.Linear;

  constructor(ntoken: number, readonly ninp: number, nhead: number, nhid: number, nlayers: number, dropout = 0.5) {
    super();
    this.posEncoder = new PositionalEncoding(ninp, dropout);
    const encoderLayers = new nn.TransformerEncoderLayer(ninp, nhead, nhid, dropout);
    this.transformerEncoder = new nn.TransformerEncoder(encoderLayers, nlayers);
    this.encoder = new nn.Embedding(ntoken, ninp);
    this.decoder = new nn.Linear(ninp, ntoken);
    noGrad(() => {
      this.encoder.weight.uniform_(-0.1, 0.1);
      this.decoder.bias!.zero_();
      this.decoder.weight.uniform_(-0.1, 0.1);
    });
  }

  /** 0 on and below the diagonal, −∞ above: position i attends to 0…i. */
  generateSquareSubsequentMask(sz: number): Tensor {
    const mask = triu(ones(sz, sz)).eq(1).transpose(0, 1);
    return zeros(sz, sz).maskedFill(mask.logicalNot(), -Infinity);
  }

  forward(src: Tensor, hasMask = true): Tensor {
    if (hasMask) {
      if (this.srcMask === null || this.srcMask.shape[0] !== src.shape[0]) this.srcMask = this.generateSquareSubsequentMask(src.shape[0]!);
    } else {
      this.srcMask = null;
    }
    const x = this.posEncoder.forward(this.encoder.forward(src).mul(Math.sqrt(this.ninp)));
    const output = this.decoder.forward(this.transformerEncoder.forward(x, this.srcMask));
    return F.logSoftmax(output, -1);
  }
}

/** main.py's `batchify`: token ids [N] → [N / bsz, bsz], each column a contiguous stretch. */
export function batchify(data: Tensor, bsz: number): Tensor {
  const nbatch = Math.floor(data.shape[0]! / bsz);
  return data.narrow(0, 0, nbatch * bsz).view(bsz, -1).t().contiguous();
}

/** main.py's `get_batch`: inputs [≤bptt, B] from row `i` and the next-token targets, flattened. */
export function getBatch(source: Tensor, i: number, bptt: number): [Tensor, Tensor] {
  const seqLen = Math.min(bptt, source.shape[0]! - 1 - i);
  return [source.narrow(0, i, seqLen), source.narrow(0, i + 1, seqLen).reshape(-1)];
}

/** main.py's `repackage_hidden`: the state detached from the previous batch's graph. */
export function repackageHidden(h: Hidden): Hidden {
  return Array.isArray(h) ? [h[0].detach(), h[1].detach()] : (h as Tensor).detach();
}

/** Settings of main.py's training epoch. */
export interface TrainSettings { readonly bptt: number; readonly lr: number; readonly clip: number; readonly batchSize: number }

/** One epoch of main.py's `train()` without an optimizer (`p.data.add_(p.grad, alpha=-lr)`); returns each batch's loss. */
export function train(model: RNNModel | TransformerModel, trainData: Tensor, { bptt, lr, clip, batchSize }: TrainSettings): number[] {
  const criterion = new nn.NLLLoss();
  model.train();
  let hidden = model instanceof RNNModel ? model.initHidden(batchSize) : null;
  const losses: number[] = [];
  for (let i = 0; i < trainData.shape[0]! - 1; i += bptt) {
    const [data, targets] = getBatch(trainData, i, bptt);
    model.zeroGrad();
    let output: Tensor;
    if (model instanceof TransformerModel) {
      output = model.forward(data).view(-1, model.decoder.outFeatures);
    } else {
      hidden = repackageHidden(hidden!);
      [output, hidden] = model.forward(data, hidden);
    }
    const loss = criterion.forward(output, targets);
    loss.backward();
    nn.clipGradNorm_(model.parameters(), clip);
    noGrad(() => { for (const p of model.parameters()) p.add_(p.grad!, -lr); });
    losses.push(loss.item());
  }
  return losses;
}
