/**
 * @file `word2vec`: skip-gram with negative sampling (SPEC §12.1) on the shipped corpora (2.0 M
 * words), judged by the WordNet analogy questions and similarity pairs beside random vectors, with gensim's figures on
 * the same corpus and settings when Debian's python3-gensim is installed.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { packageFile } from '../../io/package_file.js';
import { linePlot } from '../../io/plot.js';
import { eigh } from '../../linalg/eigh.js';
import { Tensor } from '../../tensor/tensor.js';
import { Generator } from '../../tensor/random.js';
import { evaluateAnalogies } from '../../text/analogy.js';
import { CORPORA, loadAnalogyQuestions, loadCorpus, loadSimilarityPairs } from '../../text/corpora.js';
import { evaluateSimilarity } from '../../text/similarity.js';
import { wordSentences } from '../../text/tokenizer.js';
import { Word2Vec } from '../../text/word2vec.js';
import type { Recipe } from '../recipe.js';
import type { Run } from '../run.js';

/** Words whose neighbours and 2-D projection the recipe shows (those in the vocabulary). */
const SHOWN = ['president', 'congress', 'senate', 'war', 'peace', 'army', 'navy', 'whale', 'ship', 'sea', 'captain', 'sailor',
  'man', 'woman', 'king', 'queen', 'good', 'bad', 'great', 'small', 'america', 'england', 'france', 'nation'];

/** The first two principal components of the chosen words' vectors, as labelled points. */
function pcaPlot(run: Run, w2v: Word2Vec, words: readonly string[]): void {
  const D = w2v.vectorSize;
  const x = Tensor.fromData(Float32Array.from(words.flatMap((w) => [...w2v.vector(w)])), [words.length, D]).to('float64');
  const centred = x.sub(x.mean(0, true));
  const [, vectors] = eigh(centred.mT.matmul(centred));
  const projected = centred.matmul(vectors.narrow(1, D - 2, 2)).dataSync();
  linePlot(run.file('embedding-pca.png'), [{ name: 'words', points: words.map((_, i) => [projected[2 * i + 1]!, projected[2 * i]!]), labels: words }],
    { title: 'word vectors, first two principal components', xLabel: 'PC 1', yLabel: 'PC 2', lines: false, width: 760, height: 560 });
}

/** gensim on the same sentences and settings, or null when python3-gensim (or the script) is missing. */
function gensimFigures(run: Run, sentences: readonly string[][], settings: Record<string, number | boolean>): Record<string, number> | null {
  const script = packageFile('tools/reference/word2vec_gensim.py');
  const analogies = packageFile('data/text/analogies.txt');
  const pairs = packageFile('data/text/similarity.tsv');
  if (!script || !analogies || !pairs) return null;
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import gensim'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    run.say('gensim: not installed (apt-get install python3-gensim), so its figures are left out');
    return null;
  }
  const path = run.file('sentences.txt');
  writeFileSync(path, sentences.map((s) => s.join(' ')).join('\n'));
  run.say('gensim: training on the same sentences and settings…');
  const r = spawnSync('/usr/bin/python3', [script, path, analogies, pairs, JSON.stringify(settings)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`gensim reference failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
  return {
    gensimAnalogyAccuracy: out.analogyAccuracy!, gensimSimilarityCorrelation: out.similarityCorrelation!, gensimWordsPerSecond: out.wordsPerSecond!,
    gensimSeconds: out.seconds!,
  };
}

export const word2vec: Recipe = {
  name: 'word2vec',
  description: 'skip-gram Word2Vec with negative sampling on the shipped corpora (2.0 M words); WordNet analogy accuracy and similarity correlation beside random vectors and gensim',
  defaults: { epochs: 5, batchSize: 1, lr: 0.025 },
  options: [
    { flags: '--size <n>', description: 'vector size', default: 100 },
    { flags: '--window <n>', description: 'max context distance', default: 5 },
    { flags: '--min-count <n>', description: 'ignore rarer words', default: 5 },
    { flags: '--negative <n>', description: 'negative samples per positive', default: 5 },
    { flags: '--sample <t>', description: 'subsampling threshold (0: off)', default: 1e-3 },
    { flags: '--cbow', description: 'CBOW instead of skip-gram', default: false },
    { flags: '--max-sentences <n>', description: 'use the first n sentences (0: all)', default: 0 },
    { flags: '--gensim', description: 'also train gensim (python3-gensim, 2 workers) on the same sentences', default: false },
  ],
  run(run, o) {
    const all = CORPORA.flatMap((name) => loadCorpus(name)).flatMap((d) => wordSentences(d.text));
    const sentences = Number(o.maxSentences) > 0 ? all.slice(0, Number(o.maxSentences)) : all;
    const words = sentences.reduce((n, s) => n + s.length, 0);
    run.say(`corpus: ${CORPORA.join(' + ')}, ${sentences.length.toLocaleString('en-US')} sentences, ${words.toLocaleString('en-US')} words`);
    const settings = {
      vectorSize: Number(o.size), window: Number(o.window), minCount: Number(o.minCount), sg: o.cbow !== true, negative: Number(o.negative),
      sample: Number(o.sample), alpha: o.lr, minAlpha: 0.0001, epochs: o.epochs, seed: o.seed + 1,
    };
    // Word2Vec trains all its epochs in one go (one stage step); its figures are the stage's result.
    let figures: Record<string, number> = {};
    const result = run.stage('train', {
      epochs: 1, batchesPerEpoch: 1,
      epoch(_, bar) {
        const t0 = Date.now();
        const w2v = Word2Vec.train(sentences, { ...settings, onEpoch: (epoch) => run.say(`epoch ${epoch}/${settings.epochs} done`) });
        const seconds = (Date.now() - t0) / 1000;
        bar.tick({});
        writeFileSync(run.file('vectors.bin'), w2v.toBinary());
        const questions = loadAnalogyQuestions();
        const analogies = evaluateAnalogies(w2v, questions);
        const pairs = loadSimilarityPairs();
        const similarity = evaluateSimilarity(w2v, pairs);
        const g = new Generator(o.seed + 2);
        const random = new Word2Vec(w2v.words, Float32Array.from(w2v.vectors, () => g.normal()), w2v.vectorSize);
        const shown = SHOWN.filter((w) => w2v.has(w));
        writeFileSync(run.file('neighbours.txt'), shown.map((w) => `${w}: ${w2v.mostSimilar(w, 8).map(([n, s]) => `${n} (${s.toFixed(2)})`).join(', ')}`).join('\n') + '\n');
        if (shown.length >= 3) pcaPlot(run, w2v, shown);
        for (const [name, s] of Object.entries(analogies.sections)) run.say(`  ${name}: ${s.correct}/${s.total}`);
        figures = {
          analogyAccuracy: analogies.accuracy, randomBaseline: evaluateAnalogies(random, questions).accuracy, analogyQuestions: analogies.total,
          similarityCorrelation: similarity.spearman, randomSimilarityCorrelation: evaluateSimilarity(random, pairs).spearman, similarityPairs: similarity.pairs,
          wordsPerSecond: (words * settings.epochs) / seconds, vocabularySize: w2v.size, trainSeconds: seconds,
        };
        return figures;
      },
      finish: () => figures,
    });
    const reference = o.gensim === true ? gensimFigures(run, sentences, { ...settings, workers: 2 }) : null;
    return { ...result, corpusWords: words, ...reference };
  },
};
