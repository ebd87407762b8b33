/** @file `io`: safetensors, checkpoints, atomic writes, metrics logs, PNG images, plots and TensorBoard event files. */
export * from './browser.js';
export { saveSafetensors, loadSafetensors } from './safetensors_file.js';
export { saveCheckpoint, loadCheckpoint, type Checkpoint } from './checkpoint.js';
export { writeFileAtomic } from './atomic.js';
export { MetricsLog, readMetrics, type MetricRecord } from './metrics.js';
export { encodePng, writePng, readPng } from './png.js';
export { linePlot, type Series, type PlotOptions } from './plot.js';
export { heatmap, type HeatmapOptions } from './heatmap.js';
export { SummaryWriter, readEvents, type SummaryWriterOptions } from './tensorboard.js';
export { decodeEvent, eventRecords, maskedCrc32c } from './tensorboard_proto.js';
