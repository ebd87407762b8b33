/**
 * @file Port of pytorch/examples word_language_model: RNNModel with an LSTM, GRU or Elman RNN
 * (optionally tied weights), PositionalEncoding, and main.py's batchify / getBatch / train epoch
 * (plain SGD after gradient clipping). The Transformer variant waits for nn.Transformer.
 */
import { arange, F, nn, noGrad, zeros, type Tensor } from '../../src/index.js';

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
export function train(model: RNNModel, trainData: Tensor, { bptt, lr, clip, batchSize }: TrainSettings): number[] {
  const criterion = new nn.NLLLoss();
  model.train();
  let hidden = model.initHidden(batchSize);
  const losses: number[] = [];
  for (let i = 0; i < trainData.shape[0]! - 1; i += bptt) {
    const [data, targets] = getBatch(trainData, i, bptt);
    model.zeroGrad();
    hidden = repackageHidden(hidden);
    const [output, next] = model.forward(data, hidden);
    hidden = next;
    const loss = criterion.forward(output, targets);
    loss.backward();
    nn.clipGradNorm_(model.parameters(), clip);
    noGrad(() => { for (const p of model.parameters()) p.add_(p.grad!, -lr); });
    losses.push(loss.item());
  }
  return losses;
}
