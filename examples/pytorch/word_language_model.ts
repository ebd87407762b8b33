/**
 * @file Port of pytorch/examples word_language_model: RNNModel with an LSTM (optionally tied
 * weights), PositionalEncoding, and main.py's batchify / getBatch / train epoch (plain SGD after
 * gradient clipping). The Transformer variant waits for nn.Transformer.
 */
import { arange, F, nn, noGrad, zeros, type Tensor } from '../../src/index.js';

/** The example's `RNNModel('LSTM', …)`: embedding → dropout → LSTM → dropout → linear → log-softmax. */
export class RNNModel extends nn.Module {
  readonly drop: nn.Dropout;
  readonly encoder: nn.Embedding;
  readonly rnn: nn.LSTM;
  readonly decoder: nn.Linear;

  constructor(readonly ntoken: number, ninp: number, readonly nhid: number, readonly nlayers: number, dropout = 0.5, tieWeights = false) {
    super();
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    this.rnn = new nn.LSTM(ninp, nhid, { numLayers: nlayers, dropout });
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

  forward(input: Tensor, hidden: readonly [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const [output, next] = this.rnn.forward(this.drop.forward(this.encoder.forward(input)), hidden);
    const decoded = this.decoder.forward(this.drop.forward(output)).view(-1, this.ntoken);
    return [F.logSoftmax(decoded, 1), next];
  }

  initHidden(bsz: number): [Tensor, Tensor] {
    return [zeros(this.nlayers, bsz, this.nhid), zeros(this.nlayers, bsz, this.nhid)];
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
    hidden = [hidden[0].detach(), hidden[1].detach()];
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
