/** @file `audio` in Node: the browser-safe utilities plus WAV files. */
export * from './index.js';
export { loadWav, saveWav } from './files.js';
export { plotSpectrograms, plotWaveform, type SpectrogramPanel, type SpectrogramPlotOptions } from './plots.js';
export {
  loadSpokenDigits, synthesizeSpokenDigits, spokenDigitPlan, isTestSpeaker, DIGIT_WORDS, SPEAKER_ACCENTS, SPEAKER_VARIANTS, CLIP_SAMPLES, CLIP_RATE,
  type SpokenDigitClip, type SpokenDigits, type SpokenDigitsOptions,
} from './spoken_digits.js';
export { SpokenDigitJudge, type SpokenDigitJudgeOptions } from './digit_judge.js';
export { loadSpokenSentences, spokenSentencePlan, isTestSentence, SENTENCE_VOICE, type SpokenSentences, type SpokenSentencesOptions } from './spoken_sentences.js';
export { type Utterance } from './espeak.js';
export { SentenceListener, type SentenceListenerOptions } from './sentence_listener.js';
