/**
 * `video`: moving-digit clips labelled by their motion, segment sampling (TSN/ECO), and clips
 * written as animated GIFs and PNG frame strips.
 * @example import { video } from 'shinsou'; const train = new video.MovingDigits({ split: 'train' });
 * @packageDocumentation
 */
export { MOTIONS, MovingDigits, motionPath, renderClip, reversedMotion, type DigitPath, type Motion, type MovingDigitsOptions } from './moving_digits.js';
export { pickFrames, sampleSegments, segmentIndices, type SegmentOptions } from './segments.js';
export { saveFrameStrip, saveGif, type GifOptions } from './save.js';
