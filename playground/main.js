// The playground's page: controls and drawings only; the worker does the computing.
import { centreDigit } from './digit.js';

const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
// The worker draws the CartPole episodes itself (with shinsou's drawCartPole), on this canvas.
const cartpoleCanvas = $('cartpole').transferControlToOffscreen();
worker.postMessage({ type: 'canvas', canvas: cartpoleCanvas }, [cartpoleCanvas]);

// Requests get an id; the worker answers with the same id. Progress messages have none.
const pending = new Map();
let nextId = 1;
function request(type, args = {}) {
  const id = nextId++;
  worker.postMessage({ id, type, ...args });
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

const losses = [];
worker.onmessage = ({ data }) => {
  if (data.id !== undefined) {
    const { resolve, reject } = pending.get(data.id);
    pending.delete(data.id);
    if (data.type === 'error') reject(new Error(data.message));
    else resolve(data);
    return;
  }
  if (data.type === 'ready') {
    $('status').textContent = `Ready: backend ${data.backend}${data.wasm ? ' (WebAssembly SIMD)' : ''}, ${data.threads} thread${data.threads === 1 ? '' : 's'}; ${data.train.toLocaleString('en')} training and ${data.test.toLocaleString('en')} test digits loaded.`;
    document.body.dataset.ready = 'true';
    for (const id of ['train', 'test-digit']) $(id).disabled = false;
    // The generator (7.6 MB) is not shipped: a build has it once `npx shinsou train cgan-mnist` has run.
    const has = (file) => data.weights.includes(file);
    $('sample').disabled = !has('cgan-generator.safetensors');
    $('play').disabled = !has('dqn-cartpole.safetensors');
    if ($('sample').disabled) $('gan-text').textContent = 'No trained generator in this build: run `npx shinsou train cgan-mnist`, then `npm run playground` again.';
  } else if (data.type === 'progress') {
    losses.push([data.step, data.loss]);
    // The first and latest loss, for tests (and anyone inspecting the page).
    $('train-text').dataset.firstLoss ??= String(data.loss);
    $('train-text').dataset.loss = String(data.loss);
    $('train-progress').value = data.step / data.steps;
    $('train-text').textContent = `step ${data.step} / ${data.steps} · loss ${data.loss.toFixed(4)} · ${data.stepsPerSecond.toFixed(1)} steps/s${accuracyText}`;
    drawCurve($('loss-curve'), losses);
  } else if (data.type === 'accuracy') {
    accuracyText = ` · test accuracy ${(100 * data.accuracy).toFixed(1)}% (step ${data.step})`;
    $('train-text').dataset.accuracy = String(data.accuracy);
  }
};
worker.onerror = (event) => { $('status').textContent = `The worker failed: ${event.message}`; };
let accuracyText = '';

/** The loss against the step, on a log scale, with labelled axes. */
function drawCurve(canvas, points) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  const left = 52;
  const bottom = height - 28;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#333';
  ctx.font = '12px system-ui';
  ctx.fillText('loss (log scale)', 4, 12);
  ctx.fillText('step', width - 30, height - 6);
  if (points.length < 2) return;
  const logs = points.map(([, v]) => Math.log10(Math.max(v, 1e-6)));
  const [lo, hi] = [Math.min(...logs), Math.max(...logs)];
  const lastStep = points.at(-1)[0];
  const x = (step) => left + ((width - left - 8) * step) / lastStep;
  const y = (v) => 18 + (bottom - 18) * (hi === lo ? 0.5 : (hi - v) / (hi - lo));
  ctx.strokeStyle = '#999';
  ctx.beginPath();
  ctx.moveTo(left, 18);
  ctx.lineTo(left, bottom);
  ctx.lineTo(width - 8, bottom);
  ctx.stroke();
  ctx.fillText(10 ** hi >= 1 ? (10 ** hi).toFixed(2) : (10 ** hi).toPrecision(2), 4, 24);
  ctx.fillText(10 ** lo >= 1 ? (10 ** lo).toFixed(2) : (10 ** lo).toPrecision(2), 4, bottom);
  ctx.fillText('0', left - 4, height - 12);
  ctx.fillText(String(lastStep), width - 60, height - 12);
  ctx.strokeStyle = '#3b6fd4';
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach(([step], i) => (i === 0 ? ctx.moveTo(x(step), y(logs[i])) : ctx.lineTo(x(step), y(logs[i]))));
  ctx.stroke();
  ctx.lineWidth = 1;
}

$('train-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  losses.length = 0;
  accuracyText = '';
  delete $('train-text').dataset.firstLoss;
  $('train').disabled = true;
  $('stop').disabled = false;
  $('train-text').textContent = 'Training…';
  document.body.dataset.trained = 'false';
  const args = { kind: $('model-kind').value, steps: Number($('steps').value), batchSize: Number($('batch-size').value), lr: 1e-3, seed: 0 };
  try {
    const { stopped } = await request('train', args);
    $('train-text').textContent += stopped ? ' · stopped' : ' · done';
    document.body.dataset.trained = 'true';
    $('classify').disabled = false;
  } catch (error) {
    $('train-text').textContent = `Training failed: ${error.message}`;
    document.body.dataset.trained = 'failed';
  } finally {
    $('train').disabled = false;
    $('stop').disabled = true;
  }
});
$('stop').addEventListener('click', () => worker.postMessage({ type: 'stop' }));
// LeNet's step costs about a hundred times the MLP's: start it with fewer steps.
$('model-kind').addEventListener('change', () => {
  $('steps').value = $('model-kind').value === 'cnn' ? '150' : '500';
});

// Drawing: white strokes on black, like the training digits.
const pad = $('pad');
const padContext = pad.getContext('2d');
function clearPad() {
  padContext.fillStyle = '#000';
  padContext.fillRect(0, 0, pad.width, pad.height);
}
clearPad();
let drawing = false;
function strokeTo(event) {
  const box = pad.getBoundingClientRect();
  const px = ((event.clientX - box.left) * pad.width) / box.width;
  const py = ((event.clientY - box.top) * pad.height) / box.height;
  padContext.lineTo(px, py);
  padContext.stroke();
}
pad.addEventListener('pointerdown', (event) => {
  drawing = true;
  pad.setPointerCapture(event.pointerId);
  Object.assign(padContext, { strokeStyle: '#fff', lineWidth: 20, lineCap: 'round', lineJoin: 'round' });
  padContext.beginPath();
  const box = pad.getBoundingClientRect();
  padContext.moveTo(((event.clientX - box.left) * pad.width) / box.width, ((event.clientY - box.top) * pad.height) / box.height);
  strokeTo(event);
});
pad.addEventListener('pointermove', (event) => drawing && strokeTo(event));
pad.addEventListener('pointerup', () => {
  drawing = false;
});
$('clear').addEventListener('click', () => {
  clearPad();
  $('prediction').textContent = 'Draw a digit.';
  $('bars').replaceChildren();
});

function showProbabilities(probabilities, label) {
  const best = probabilities.indexOf(Math.max(...probabilities));
  $('prediction').textContent = `It is a ${best} (${(100 * probabilities[best]).toFixed(1)}% sure)${label === undefined ? '' : ` · the test digit is a ${label}`}`;
  $('prediction').dataset.predicted = String(best);
  $('prediction').dataset.label = label === undefined ? '' : String(label);
  $('prediction').dataset.count = String(Number($('prediction').dataset.count ?? 0) + 1);
  $('bars').replaceChildren(...probabilities.flatMap((p, digit) => {
    const name = Object.assign(document.createElement('span'), { textContent: String(digit) });
    const bar = Object.assign(document.createElement('span'), { className: 'bar' });
    bar.style.width = `${(100 * p).toFixed(1)}%`;
    const value = Object.assign(document.createElement('span'), { textContent: `${(100 * p).toFixed(1)}%` });
    return [name, bar, value];
  }));
}

async function classifyPad(label) {
  const pixels = centreDigit(padContext.getImageData(0, 0, pad.width, pad.height));
  if (!pixels) {
    $('prediction').textContent = 'The pad is empty: draw a digit first.';
    return;
  }
  try {
    const { probabilities } = await request('classify', { pixels });
    showProbabilities(probabilities, label);
  } catch (error) {
    $('prediction').textContent = error.message;
  }
}
$('classify').addEventListener('click', () => classifyPad());

let testIndex = 0;
$('test-digit').addEventListener('click', async () => {
  const { pixels, label } = await request('testDigit', { index: testIndex++ });
  const image = padContext.createImageData(28, 28);
  pixels.forEach((v, i) => image.data.set([255 * v, 255 * v, 255 * v, 255], 4 * i));
  const small = Object.assign(document.createElement('canvas'), { width: 28, height: 28 });
  small.getContext('2d').putImageData(image, 0, 0);
  clearPad();
  padContext.imageSmoothingEnabled = true;
  padContext.drawImage(small, 0, 0, pad.width, pad.height);
  if (document.body.dataset.trained === 'true') await classifyPad(label);
  else $('prediction').textContent = `A test digit: ${label}. Train a model to classify it.`;
});

/** Draws [count] grey images (28×28, values in [0, 1]) in columns of `rows` onto a canvas. */
function drawImages(canvas, images, count, rows) {
  const ctx = canvas.getContext('2d');
  const cols = Math.ceil(count / rows);
  const cell = Math.floor(Math.min(canvas.width / cols, canvas.height / rows));
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const tile = Object.assign(document.createElement('canvas'), { width: 28, height: 28 });
  const tileContext = tile.getContext('2d');
  ctx.imageSmoothingEnabled = false;
  for (let n = 0; n < count; n++) {
    const image = tileContext.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = 255 * (1 - images[n * 784 + i]);
      image.data.set([v, v, v, 255], 4 * i);
    }
    tileContext.putImageData(image, 0, 0);
    ctx.drawImage(tile, Math.floor(n / rows) * cell + 2, (n % rows) * cell + 2, cell - 4, cell - 4);
  }
}

let ganSeed = 0;
$('sample').addEventListener('click', async () => {
  $('sample').disabled = true;
  $('gan-text').textContent = 'Sampling…';
  try {
    const perDigit = 4;
    const { images, count } = await request('sample', { digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], perDigit, seed: ganSeed++ });
    drawImages($('gan'), images, count, perDigit);
    $('gan-text').textContent = `${count} samples: column d holds the digit d.`;
    document.body.dataset.sampled = 'true';
  } catch (error) {
    $('gan-text').textContent = `Sampling failed: ${error.message}`;
    document.body.dataset.sampled = 'failed';
  } finally {
    $('sample').disabled = false;
  }
});

let episodeSeed = 0;
$('play').addEventListener('click', async () => {
  $('play').disabled = true;
  try {
    const { steps, terminated } = await request('cartpole', { seed: episodeSeed++ });
    $('cartpole-text').textContent = `Return ${steps}: ${terminated ? 'the pole fell or the cart left the track' : 'balanced for the whole episode'}.`;
    document.body.dataset.episode = String(steps);
  } catch (error) {
    $('cartpole-text').textContent = `The episode failed: ${error.message}`;
    document.body.dataset.episode = 'failed';
  } finally {
    $('play').disabled = false;
  }
});
