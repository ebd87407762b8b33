/** @file A CartPole state drawn on any Canvas 2D context (a page's canvas, or @napi-rs/canvas in Node). */

/** The part of a Canvas 2D context `drawCartPole` uses. */
export interface CartPoleCanvas {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

/**
 * Draws the cart and pole at `state` [x, ẋ, θ, θ̇] in the box [x0, x0 + width] × [0, height]: the
 * track spans x ∈ ±2.4 and a bit more, the pole (length 1 in track units) leans by θ.
 * Gymnasium: `CartPoleEnv.render()` (render_mode 'rgb_array').
 * @example rl.drawCartPole(canvas.getContext('2d'), observation, 0, 480, 160)
 */
export function drawCartPole(ctx: CartPoleCanvas, state: readonly number[], x0: number, width: number, height: number): void {
  const [x, , theta] = state as [number, number, number];
  const scale = width / 4.8;
  const cx = x0 + width / 2 + x * scale;
  const cy = height * 0.75;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x0, 0, width, height);
  ctx.strokeStyle = '#999999';
  ctx.beginPath();
  ctx.moveTo(x0, cy + 10);
  ctx.lineTo(x0 + width, cy + 10);
  ctx.stroke();
  ctx.fillStyle = '#1f77b4';
  ctx.fillRect(cx - 20, cy - 10, 40, 20);
  ctx.strokeStyle = '#d62728';
  ctx.lineWidth = 5;
  ctx.beginPath();
  ctx.moveTo(cx, cy - 10);
  ctx.lineTo(cx + Math.sin(theta) * scale, cy - 10 - Math.cos(theta) * scale);
  ctx.stroke();
  ctx.lineWidth = 1;
}
