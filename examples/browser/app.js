// A page that runs a model trained in Node: the weights arrive as safetensors bytes.
// Bundle it: npx esbuild examples/browser/app.js --bundle --format=esm --outfile=examples/browser/bundle.js
import { io, nn, tensor } from 'shinsou/core';

/** The 784-128-10 MLP the weights were trained for (the same layer names as in Node). */
export function makeModel() {
  return new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
}

/** Loads safetensors bytes into the model and returns the predicted class of each 784-pixel row. */
export function classify(weightBytes, pixels) {
  const model = makeModel();
  model.loadStateDict(io.parseSafetensors(weightBytes).tensors);
  model.eval();
  return model.forward(tensor(pixels)).argmax(1).toArray();
}

if (typeof document !== 'undefined') {
  const bytes = new Uint8Array(await (await fetch('model.safetensors')).arrayBuffer());
  const blank = [new Array(784).fill(0)];
  document.querySelector('#out').textContent = `class of a blank image: ${classify(bytes, blank)[0]}`;
}
