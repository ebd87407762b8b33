/** @file Whether ops record the graph: `noGrad`, `enableGrad` (like `torch.no_grad` / `torch.enable_grad`). */

let enabled = true;

/**
 * True while ops record what they need for backward.
 * PyTorch: `torch.is_grad_enabled`.
 * @example noGrad(() => isGradEnabled()) // false
 */
export function isGradEnabled(): boolean {
  return enabled;
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/**
 * Runs `fn` without recording the graph: results do not require grad.
 * PyTorch: `with torch.no_grad(): ...`
 * @example const y = noGrad(() => model.forward(x)); // inference, no graph kept
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with recording on, even inside `noGrad`.
 * PyTorch: `with torch.enable_grad(): ...`
 * @example noGrad(() => enableGrad(() => x.mul(2))) // recorded: x requires grad
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}
