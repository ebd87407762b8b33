/**
 * The browser-safe part of `io`: safetensors to and from bytes, so a page can load weights
 * trained in Node (`fetch(url).then((r) => r.arrayBuffer())`).
 * @example
 * import { io } from 'shinsou/core';
 * const { tensors } = io.parseSafetensors(new Uint8Array(await (await fetch('model.safetensors')).arrayBuffer()));
 * model.loadStateDict(tensors);
 * @packageDocumentation
 */
export { serializeSafetensors, parseSafetensors, type SafetensorsContent } from './safetensors.js';
