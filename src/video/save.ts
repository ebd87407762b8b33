/**
 * @file Clips to files a person can look at: animated GIFs (gifenc) of a grid of clips playing
 * side by side, and PNG strips of their frames.
 */
import gifenc from 'gifenc';
import { ShapeError, ValueError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { checkOptions, type OptionKeys } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { renderGrid, saveImage, type SaveImageOptions } from '../vision/grid.js';

/** Options of `saveGif`: the grid and label options of `saveImage`, plus the frame rate. */
export interface GifOptions extends SaveImageOptions {
  /** Frames per second (default 8). */
  fps?: number;
}

const stripKeys: OptionKeys<Omit<SaveImageOptions, 'nrow'>> = { padding: true, padValue: true, normalize: true, title: true, rowLabels: true, labels: true, scale: true };
const gifKeys: OptionKeys<GifOptions> = { ...stripKeys, fps: true, nrow: true };

/** Clips [N, T, C, H, W], or one clip [T, C, H, W], as [N, T, C, H, W]. */
function asClips(op: string, clips: Tensor): Tensor {
  if (clips.ndim === 4) return clips.unsqueeze(0);
  if (clips.ndim !== 5 || (clips.shape[2] !== 1 && clips.shape[2] !== 3)) {
    throw new ShapeError(`${op}: expected clips [N, T, C, H, W] or one clip [T, C, H, W] with C = 1 or 3, got [${clips.shape.join(', ')}]`);
  }
  return clips;
}

/**
 * Writes clips [N, T, C, H, W] (or one clip [T, C, H, W]) with values in [0, 1] as an animated
 * GIF that loops: frame t shows frame t of every clip in a grid, with the title, labels and row
 * labels `saveImage` draws.
 * Python: `imageio.mimsave(path, frames, duration=1/fps, loop=0)` of torchvision grids.
 * @example video.saveGif('clips.gif', clips, { nrow: 4, labels: names, fps: 8 })
 */
export function saveGif(path: string, clips: Tensor, options?: GifOptions): void {
  const { fps = 8, ...grid } = checkOptions('saveGif', options, gifKeys);
  if (!(fps > 0 && fps <= 100)) throw new ValueError(`saveGif: fps must be in (0, 100], got ${fps}`);
  const x = asClips('saveGif', clips).detach();
  const gif = gifenc.GIFEncoder();
  for (let t = 0; t < x.shape[1]!; t++) {
    const { width, height, rgba } = renderGrid(x.select(1, t), grid);
    const palette = gifenc.quantize(rgba, 256);
    gif.writeFrame(gifenc.applyPalette(rgba, palette), width, height, { palette, delay: Math.round(1000 / fps), repeat: 0 });
  }
  gif.finish();
  writeFileAtomic(path, gif.bytes());
}

/**
 * Writes clips [N, T, C, H, W] (or one clip) as a PNG of their frames: one row per clip, time
 * running left to right. `rowLabels` name the clips.
 * PyTorch: `torchvision.utils.save_image(clip.flatten(0, 1), path, nrow=T)`.
 * @example video.saveFrameStrip('strip.png', clips, { rowLabels: ['input', 'prediction', 'truth'] })
 */
export function saveFrameStrip(path: string, clips: Tensor, options?: Omit<SaveImageOptions, 'nrow'>): void {
  const o = checkOptions('saveFrameStrip', options, stripKeys);
  const x = asClips('saveFrameStrip', clips);
  const [n, t] = x.shape as [number, number];
  saveImage(path, x.reshape([n * t, ...x.shape.slice(2)]), { ...o, nrow: t });
}
