// The playground's worker: everything that computes (training, classifying, sampling the GAN,
// playing CartPole) runs here, so the page never freezes. Messages in: { id, type, ...args };
// out: { id, type, ...result } for the request `id`, or progress messages with no id.
import { F, getBackend, initWasm, io, manualSeed, models, nn, noGrad, optim, randint, randn, rl, setBackend, softmax, take, tensor } from 'shinsou/core';

const post = (message) => self.postMessage(message);

async function fetchTensors(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return io.parseSafetensors(new Uint8Array(await response.arrayBuffer())).tensors;
}

/** The shipped digits as [N, 1, 28, 28] in [0, 1] with int32 labels. */
async function loadDigits() {
  const t = await fetchTensors('data/mnist.safetensors');
  const images = (x) => x.float().div(255).reshape([-1, 1, 28, 28]);
  return { trainX: images(t.trainImages), trainY: t.trainLabels, testX: images(t.testImages), testY: t.testLabels };
}

/** The two models a person can train: the MLP of `mnist-mlp` (one hidden layer) and LeNet of `mnist-cnn`. */
function makeModel(kind) {
  if (kind === 'cnn') return models.lenet(0.25);
  return new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
}

const state = { digits: null, model: null, stop: false, generator: null, agent: null, canvas: null };

function accuracy(model, x, y) {
  model.eval();
  let correct = 0;
  noGrad(() => {
    for (let i = 0; i < x.shape[0]; i += 500) {
      const n = Math.min(500, x.shape[0] - i);
      correct += model.forward(x.narrow(0, i, n)).argmax(1).eq(y.narrow(0, i, n)).sum().item();
    }
  });
  model.train();
  return correct / x.shape[0];
}

// Lets queued messages (a stop request) in between training steps.
const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

async function train({ kind, steps, batchSize, lr, seed }) {
  manualSeed(seed);
  const { trainX, trainY, testX, testY } = state.digits;
  const model = makeModel(kind);
  const optimizer = new optim.Adam(model.parameters(), { lr });
  state.model = model;
  state.stop = false;
  const started = performance.now();
  let lossSum = 0;
  let lossCount = 0;
  for (let step = 1; step <= steps && !state.stop; step++) {
    const index = randint(0, trainX.shape[0], [batchSize]);
    const loss = F.crossEntropy(model.forward(take(trainX, index)), take(trainY, index));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    lossSum += loss.item();
    lossCount++;
    if (step % 100 === 0 || step === steps) post({ type: 'accuracy', step, accuracy: accuracy(model, testX, testY) });
    if (step % 10 === 0 || step === steps) {
      post({ type: 'progress', step, steps, loss: lossSum / lossCount, stepsPerSecond: step / ((performance.now() - started) / 1000) });
      lossSum = 0;
      lossCount = 0;
      await breathe();
    }
  }
  model.eval();
  return { stopped: state.stop };
}

function classify({ pixels }) {
  if (!state.model) throw new Error('train a model first');
  const logits = noGrad(() => state.model.forward(tensor(Array.from(pixels)).reshape([1, 1, 28, 28])));
  return { probabilities: softmax(logits, 1).reshape([10]).toArray() };
}

function testDigit({ index }) {
  const { testX, testY } = state.digits;
  const i = index % testX.shape[0];
  return { index: i, pixels: Float32Array.from(testX.select(0, i).reshape([784]).toArray()), label: testY.select(0, i).item() };
}

/** cGAN samples: `perDigit` images of each digit in `digits`, in [0, 1]. */
async function sample({ digits, perDigit, seed }) {
  if (!state.generator) {
    const generator = new models.DcganGenerator({ numClasses: 10 });
    generator.loadStateDict(await fetchTensors('weights/cgan-generator.safetensors'));
    state.generator = generator.eval();
  }
  manualSeed(seed);
  const labels = digits.flatMap((d) => new Array(perDigit).fill(d));
  const images = noGrad(() => state.generator.forward(randn([labels.length, 100]), tensor(labels, { dtype: 'int32' })));
  return { images: Float32Array.from(images.add(1).div(2).clamp(0, 1).reshape([-1]).toArray()), count: labels.length };
}

/** Plays back `states` on the page's CartPole canvas in real time (CartPole's step is 20 ms). */
async function animate(states) {
  const ctx = state.canvas.getContext('2d');
  for (let i = 0; i < states.length; i++) {
    rl.drawCartPole(ctx, states[i], 0, state.canvas.width, state.canvas.height);
    ctx.fillStyle = '#333';
    ctx.font = '14px system-ui';
    ctx.fillText(`step ${i}`, 8, 18);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One greedy CartPole episode of the DQN agent's best network: its return, and its playback on the canvas. */
async function cartpole({ seed }) {
  if (!state.agent) {
    const saved = await fetchTensors('weights/dqn-cartpole.safetensors');
    const net = rl.mlp(4, [256, 256], 2);
    net.loadStateDict(Object.fromEntries(Object.entries(saved).filter(([k]) => k.startsWith('net.')).map(([k, t]) => [k.slice(4), t])));
    state.agent = net.eval();
  }
  const env = new rl.TimeLimit(new rl.CartPole(), 500);
  let { observation } = env.reset({ seed });
  const states = [observation];
  for (;;) {
    const action = noGrad(() => state.agent.forward(tensor([observation])).argmax(1).item());
    const result = env.step(action);
    observation = result.observation;
    states.push(observation);
    if (result.terminated || result.truncated) {
      animate(states);
      return { steps: states.length - 1, terminated: result.terminated };
    }
  }
}

const handlers = { train, classify, testDigit, sample, cartpole };

self.onmessage = async ({ data: { id, type, ...args } }) => {
  if (type === 'stop') {
    state.stop = true;
    return;
  }
  if (type === 'canvas') {
    state.canvas = args.canvas;
    return;
  }
  try {
    post({ id, type, ...(await handlers[type](args)) });
  } catch (error) {
    post({ id, type: 'error', message: error.message });
  }
};

const wasm = await initWasm();
if (wasm) setBackend('wasm');
state.digits = await loadDigits();
const weights = await (await fetch('weights/index.json')).json();
post({ type: 'ready', backend: getBackend().name, threads: getBackend().threads ?? 1, wasm, train: state.digits.trainY.shape[0], test: state.digits.testY.shape[0], weights });
