/**
 * @file js kernels for optimizer updates: one fused loop per parameter that updates the state
 * and the parameter in place, so a step allocates nothing.
 */
import type { AdamHyper, SgdHyper } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';

export function adamUpdate(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, vmax: TypedArray | null, o: AdamHyper): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = o;
  const correction1 = 1 - beta1 ** step;
  const correction2 = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / correction1;
  const shrink = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  for (let i = 0; i < p.length; i++) {
    const theta = p[i]! * shrink;
    const grad = g[i]! + l2 * theta;
    const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * grad);
    let vi = (v[i] = beta2 * v[i]! + (1 - beta2) * grad * grad);
    if (vmax !== null) vi = vmax[i] = Math.max(vmax[i]!, vi);
    p[i] = theta - (stepSize * mi) / (Math.sqrt(vi) / correction2 + eps);
  }
}

export function sgdUpdate(p: TypedArray, g: TypedArray, buf: TypedArray | null, o: SgdHyper): void {
  const { lr, momentum, dampening, nesterov, weightDecay, firstStep } = o;
  for (let i = 0; i < p.length; i++) {
    let d = g[i]! + weightDecay * p[i]!;
    if (buf !== null) {
      const b = (buf[i] = firstStep ? d : momentum * buf[i]! + (1 - dampening) * d);
      d = nesterov ? d + momentum * b : b;
    }
    p[i] = p[i]! - lr * d;
  }
}
