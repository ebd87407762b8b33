/** @file The `js` reference backend: every kernel, in plain TypeScript, runs everywhere. */
import { registerBackend, type Backend } from '../backend.js';
import { col2im, convForward, convInputGrad, convWeightGrad, im2col } from './conv.js';
import { depthwiseConv, depthwiseConvBackward } from './depthwise.js';
import { assign, binary, copy, thresholdBackward, unary, where } from './elementwise.js';
import { stftFrames } from './fft.js';
import { gridSample } from './grid_sample.js';
import { gather, scatter } from './index_ops.js';
import { matmul, matmulPacked, packMatrix } from './matmul.js';
import { moments, standardize, standardizeBackward } from './normalization.js';
import { adamUpdate, sgdUpdate } from './optimizers.js';
import { maxPoolIndices } from './pool.js';
import { bernoulli } from './random.js';
import { gruCell, gruCellBackward, lstmCell, lstmCellBackward, rnnCell, rnnCellBackward } from './recurrent.js';
import { cumsum, reduce, sort } from './reduce.js';
import { word2vecEpoch } from './word2vec.js';
import { softmax, softmaxBackward } from './softmax.js';

export const jsBackend: Backend = {
  name: 'js', copy, assign, unary, thresholdBackward, binary, where, reduce, softmax, softmaxBackward, cumsum, matmul, matmulFewRows: matmul, packMatrix, matmulPacked, gather, scatter, sort, im2col, col2im, convForward, convWeightGrad, convInputGrad, depthwiseConv, depthwiseConvBackward, maxPoolIndices, gridSample, stftFrames,
  moments, standardize, standardizeBackward, lstmCell, lstmCellBackward, gruCell, gruCellBackward, rnnCell, rnnCellBackward,
  adamUpdate, sgdUpdate, bernoulli, word2vecEpoch,
};

registerBackend(jsBackend);
