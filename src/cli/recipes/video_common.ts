/** @file What the video recipes share: the moving-digit sets their options describe. */
import { MovingDigits } from '../../video/moving_digits.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { RecipeOption } from '../recipe.js';

export const videoDataOptions: RecipeOption[] = [
  { flags: '--train-clips <n>', description: 'training clips (digits of the MNIST train split), rendered as they are read', default: 4000 },
  { flags: '--test-clips <n>', description: 'test clips (digits of the MNIST test split)', default: 800 },
  { flags: '--frames <n>', description: 'frames per clip', default: 16 },
  { flags: '--size <pixels>', description: 'frame side (a digit is 28 px at 64; 32 keeps a CPU run to minutes)', default: 32 },
  { flags: '--digits <n>', description: 'digits per clip, all making the motion', default: 1 },
];

/** The training and test sets the options describe; the test clips are rendered once, [N, T, 1, S, S]. */
export function movingDigitSets(o: Record<string, string | number | boolean>): { train: MovingDigits; test: { clips: Tensor; labels: Tensor } } {
  const shape = { frames: Number(o.frames), size: Number(o.size), digits: Number(o.digits) };
  const train = new MovingDigits({ split: 'train', count: Number(o.trainClips), ...shape });
  const testSet = new MovingDigits({ split: 'test', count: Number(o.testClips), ...shape });
  const [clips, labels] = testSet.getBatch(Array.from({ length: testSet.length }, (_, i) => i));
  return { train, test: { clips: clips!, labels: labels! } };
}
