/**
 * `text`: tokenizers, vocabularies and language-model batching (browser-safe).
 * @example import { text } from 'shinsou'; const vocab = text.Vocabulary.build(text.wordTokenize(corpus), { minFreq: 2 });
 * @packageDocumentation
 */
export { wordTokenize, charTokenize, wordSentences, type WordTokenizeOptions } from './tokenizer.js';
export { Vocabulary, SPECIAL_TOKENS, type VocabularyBuildOptions, type VocabularyJson } from './vocabulary.js';
export { batchify, bpttBlocks, bucketBatches, padTokenRows } from './batching.js';
export { Word2Vec, keepProbability, negativeSamplingTable, type Word2VecOptions } from './word2vec.js';
export { evaluateAnalogies, parseAnalogies, type AnalogyResult, type AnalogySection } from './analogy.js';
export { evaluateSimilarity, parseWordPairs, spearmanCorrelation, pearsonCorrelation, averageRanks, type SimilarityResult } from './similarity.js';
export { corpusBleu, tokenize13a, type BleuOptions, type BleuScore } from './bleu.js';
export {
  greedyDecode, sampleDecode, beamSearch, lengthPenalty, type StepDecoder, type DecodeOptions, type SampleDecodeOptions, type BeamSearchOptions, type Hypothesis,
} from './decoding.js';
export { perplexity, bitsPerToken } from './perplexity.js';
export { editDistance, characterErrorRate } from './edit_distance.js';
