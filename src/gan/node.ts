/** @file `gan` in Node: the browser-safe pieces plus FID-MNIST (which reads files and caches its classifier). */
export * from './index.js';
export { MnistFid, defaultFidCachePath, type MnistFidOptions } from './fid_mnist.js';
