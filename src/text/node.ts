/** @file `text` in Node: the browser-safe utilities plus the shipped corpora. */
export * from './index.js';
export { loadCorpus, loadAnalogyQuestions, loadSimilarityPairs, CORPORA, type CorpusName, type CorpusSplit, type CorpusDocument } from './corpora.js';
export { loadSpamAssassin, type MailMessage } from './spam_assassin.js';
export { loadSentencePairs, parseDingPairs, parseTsvPairs, DING_PATH, type SentencePair } from './sentence_pairs.js';
