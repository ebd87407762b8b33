/** @file safetensors files on disk (Node): atomic writes, validated reads. The byte codec is browser-safe, in safetensors.ts. */
import { readFileSync } from 'node:fs';
import type { Tensor } from '../tensor/tensor.js';
import { writeFileAtomic } from './atomic.js';
import { parseSafetensors, serializeSafetensors, type SafetensorsContent, type SerializeOptions } from './safetensors.js';

/**
 * Writes a safetensors file atomically (temp file + rename). PyTorch: `safetensors.torch.save_file`.
 * @example io.saveSafetensors('model.safetensors', model.stateDict())
 */
export function saveSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>, options?: SerializeOptions): void {
  writeFileAtomic(path, serializeSafetensors(tensors, metadata, options));
}

/**
 * Reads and validates a safetensors file. PyTorch: `safetensors.torch.load_file`.
 * @example model.loadStateDict(io.loadSafetensors('model.safetensors').tensors)
 */
export function loadSafetensors(path: string): SafetensorsContent {
  return parseSafetensors(readFileSync(path));
}
