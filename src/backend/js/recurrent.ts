/**
 * @file js kernels of one LSTM step for `batch` rows of `hidden` units, forward and backward.
 * Gate rows are [i, f, g, o] blocks of `hidden` each (PyTorch's order), so row b's gate j of
 * unit u sits at b·4H + j·H + u.
 */
import type { TypedArray } from '../../tensor/dtype.js';
import { sigmoid } from './math.js';

/**
 * Pre-activations xGates + hGates → activated gates (written to `gates`), c = f·cPrev + i·g and
 * h = o·tanh(c) (written to `c` and `h`).
 */
export function lstmCell(xGates: TypedArray, hGates: TypedArray, cPrev: TypedArray, gates: TypedArray, c: TypedArray, h: TypedArray,
  batch: number, hidden: number): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * 4 * H;
    for (let u = 0; u < H; u++) {
      const k = row + u;
      const i = sigmoid(xGates[k]! + hGates[k]!);
      const f = sigmoid(xGates[k + H]! + hGates[k + H]!);
      const g = Math.tanh(xGates[k + 2 * H]! + hGates[k + 2 * H]!);
      const o = sigmoid(xGates[k + 3 * H]! + hGates[k + 3 * H]!);
      gates[k] = i;
      gates[k + H] = f;
      gates[k + 2 * H] = g;
      gates[k + 3 * H] = o;
      const cell = f * cPrev[b * H + u]! + i * g;
      c[b * H + u] = cell;
      h[b * H + u] = o * Math.tanh(cell);
    }
  }
}

/**
 * The step's gradient: with dh = dhOut + dhNext reaching h and dcCarry (in) reaching c, writes
 * the pre-activation gradients to `dGates` and the gradient reaching cPrev to `dcCarry` (out).
 * `dhNext` may be null (nothing flows back from a later step).
 */
export function lstmCellBackward(gates: TypedArray, cPrev: TypedArray, c: TypedArray, dhOut: TypedArray, dhNext: TypedArray | null,
  dcCarry: TypedArray, dGates: TypedArray, batch: number, hidden: number): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * 4 * H;
    for (let u = 0; u < H; u++) {
      const k = row + u;
      const s = b * H + u;
      const [i, f, g, o] = [gates[k]!, gates[k + H]!, gates[k + 2 * H]!, gates[k + 3 * H]!];
      const tc = Math.tanh(c[s]!);
      const dh = dhOut[s]! + (dhNext ? dhNext[s]! : 0);
      const dc = dcCarry[s]! + dh * o * (1 - tc * tc);
      dGates[k] = dc * g * i * (1 - i);
      dGates[k + H] = dc * cPrev[s]! * f * (1 - f);
      dGates[k + 2 * H] = dc * i * (1 - g * g);
      dGates[k + 3 * H] = dh * tc * o * (1 - o);
      dcCarry[s] = dc * f;
    }
  }
}
