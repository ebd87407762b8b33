/**
 * @file Port of pytorch/examples mnist/main.py: the two-conv network, its training epoch (Adadelta,
 * StepLR in the caller) and its test pass. test/examples/pytorch.test.ts runs it beside PyTorch.
 */
import { F, nn, noGrad, optim, type Tensor } from '../../src/index.js';

/** A batch as the example's DataLoader yields it: images [B, 1, 28, 28] and class labels [B]. */
export type Batch = readonly [data: Tensor, target: Tensor];

/** The example's `Net`. `dropout` overrides its two rates (0.25, 0.5), so a test can turn them off. */
export class Net extends nn.Module {
  readonly conv1 = new nn.Conv2d(1, 32, 3, { stride: 1 });
  readonly conv2 = new nn.Conv2d(32, 64, 3, { stride: 1 });
  readonly dropout1: nn.Dropout;
  readonly dropout2: nn.Dropout;
  readonly fc1 = new nn.Linear(9216, 128);
  readonly fc2 = new nn.Linear(128, 10);

  constructor(dropout: readonly [number, number] = [0.25, 0.5]) {
    super();
    this.dropout1 = new nn.Dropout(dropout[0]);
    this.dropout2 = new nn.Dropout(dropout[1]);
  }

  forward(x: Tensor): Tensor {
    let h = F.maxPool2d(F.relu(this.conv2.forward(F.relu(this.conv1.forward(x)))), 2);
    h = this.dropout1.forward(h).flatten(1);
    h = this.fc2.forward(this.dropout2.forward(F.relu(this.fc1.forward(h))));
    return F.logSoftmax(h, 1);
  }
}

/** One epoch of the example's `train`; returns each batch's loss. */
export function train(model: Net, batches: Iterable<Batch>, optimizer: optim.Optimizer<{ lr: number }>): number[] {
  model.train();
  const losses: number[] = [];
  for (const [data, target] of batches) {
    optimizer.zeroGrad();
    const loss = F.nllLoss(model.forward(data), target);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}

/** The example's `test`: mean summed NLL per sample and the number of correct predictions. */
export function test(model: Net, batches: Iterable<Batch>): { loss: number; correct: number } {
  model.eval();
  let loss = 0;
  let correct = 0;
  let count = 0;
  noGrad(() => {
    for (const [data, target] of batches) {
      const output = model.forward(data);
      loss += F.nllLoss(output, target, { reduction: 'sum' }).item();
      correct += output.argmax(1).eq(target).sum().item();
      count += target.shape[0]!;
    }
  });
  return { loss: loss / count, correct };
}
