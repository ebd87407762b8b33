/**
 * @file js kernels of one LSTM, GRU or Elman step for `batch` rows of `hidden` units, forward and backward.
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

/**
 * One GRU step (PyTorch's gate order r, z, n): from xGates = x·W_ihᵀ + b_ih, hGates = h·W_hhᵀ
 * ([batch, 3H] each) and b_hh [3H], r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r·h_n)
 * (h_· including b_hh), h = (1 − z)·n + z·hPrev. Writes h and, per row, [r, z, n, h_n] to
 * `saved` ([batch, 4H]).
 */
export function gruCell(xGates: TypedArray, hGates: TypedArray, bHh: TypedArray, hPrev: TypedArray, saved: TypedArray, h: TypedArray,
  batch: number, hidden: number): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * 3 * H;
    const keep = b * 4 * H;
    for (let u = 0; u < H; u++) {
      const k = row + u;
      const r = sigmoid(xGates[k]! + hGates[k]! + bHh[u]!);
      const z = sigmoid(xGates[k + H]! + hGates[k + H]! + bHh[u + H]!);
      const hn = hGates[k + 2 * H]! + bHh[u + 2 * H]!;
      const n = Math.tanh(xGates[k + 2 * H]! + r * hn);
      saved[keep + u] = r;
      saved[keep + H + u] = z;
      saved[keep + 2 * H + u] = n;
      saved[keep + 3 * H + u] = hn;
      h[b * H + u] = (1 - z) * n + z * hPrev[b * H + u]!;
    }
  }
}

/**
 * The gradient of gruCell with dh = dhOut + dhNext (dhNext may be null) reaching h: writes the
 * gradients of xGates to `dxGates` and of hGates to `dhGates` ([batch, 3H] each), and the part
 * of hPrev's gradient that bypasses W_hh (dh·z) to `dhCarry`.
 */
export function gruCellBackward(saved: TypedArray, hPrev: TypedArray, dhOut: TypedArray, dhNext: TypedArray | null,
  dxGates: TypedArray, dhGates: TypedArray, dhCarry: TypedArray, batch: number, hidden: number): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const row = b * 3 * H;
    const keep = b * 4 * H;
    for (let u = 0; u < H; u++) {
      const s = b * H + u;
      const [r, z, n, hn] = [saved[keep + u]!, saved[keep + H + u]!, saved[keep + 2 * H + u]!, saved[keep + 3 * H + u]!];
      const dh = dhOut[s]! + (dhNext ? dhNext[s]! : 0);
      const dnPre = dh * (1 - z) * (1 - n * n);
      const drPre = dnPre * hn * r * (1 - r);
      const dzPre = dh * (hPrev[s]! - n) * z * (1 - z);
      dxGates[row + u] = drPre;
      dxGates[row + H + u] = dzPre;
      dxGates[row + 2 * H + u] = dnPre;
      dhGates[row + u] = drPre;
      dhGates[row + H + u] = dzPre;
      dhGates[row + 2 * H + u] = dnPre * r;
      dhCarry[s] = dh * z;
    }
  }
}

/** One Elman step in place: h = tanh(xGates + hGates) (or relu), for xGates holding x·W_ihᵀ + b_ih + b_hh. */
export function rnnCell(xGates: TypedArray, hGates: TypedArray, h: TypedArray, relu: boolean): void {
  for (let i = 0; i < h.length; i++) {
    const v = xGates[i]! + hGates[i]!;
    h[i] = relu ? (v > 0 ? v : 0) : Math.tanh(v);
  }
}

/** The pre-activation gradient of rnnCell from its output h and dh = dhOut + dhNext (dhNext may be null), into `dPre`. */
export function rnnCellBackward(h: TypedArray, dhOut: TypedArray, dhNext: TypedArray | null, dPre: TypedArray, relu: boolean): void {
  for (let i = 0; i < h.length; i++) {
    const dh = dhOut[i]! + (dhNext ? dhNext[i]! : 0);
    const y = h[i]!;
    dPre[i] = relu ? (y > 0 ? dh : 0) : dh * (1 - y * y);
  }
}
