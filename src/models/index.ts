/**
 * `models`: the architectures the recipes train.
 * @packageDocumentation
 */
export { HourglassAutoencoder } from './autoencoder.js';
export { StackedAutoencoder } from './stacked_autoencoder.js';
export { ResNet, BasicBlock, Bottleneck, projection, type ResNetOptions, type BlockOptions, type ActivationFactory } from './resnet.js';
export { lenet } from './lenet.js';
export { waveformCnn, logMelCnn } from './spoken_digit_cnn.js';
export { Cbhg, Highway, type CbhgOptions } from './cbhg.js';
export { Tacotron, type TacotronOptions, type TacotronOutput } from './tacotron.js';
export { WaveganGenerator, WaveganDiscriminator, WAVEGAN_SAMPLES, type WaveganOptions } from './wavegan.js';
export { DcganGenerator, DcganDiscriminator, dcganInit, type DcganGeneratorOptions, type DcganDiscriminatorOptions } from './dcgan.js';
export { RecurrentLanguageModel, RECURRENT_KINDS, detachState, sampleTokens, type RecurrentKind, type RecurrentState, type RecurrentLanguageModelOptions, type SampleOptions } from './recurrent_lm.js';
export { RecurrentClassifier, type RecurrentClassifierOptions } from './recurrent_classifier.js';
export { TransformerLanguageModel, type TransformerLanguageModelOptions } from './transformer_lm.js';
export { TransformerSeq2Seq, type TransformerSeq2SeqOptions, type EncodedSource } from './transformer_seq2seq.js';
export { TransformerClassifier, type TransformerClassifierOptions } from './transformer_classifier.js';
export { transformerStepDecoder, type PrefixLogits } from './transformer_step.js';
export { C3d, type C3dOptions } from './c3d.js';
export { EcoLite, EcoFull, type EcoOptions } from './eco.js';
export { VideoPredictor, type VideoPredictorOptions } from './video_predictor.js';
export { UnetGenerator, PatchDiscriminator, patchReceptiveField, translationInit, type UnetGeneratorOptions, type PatchDiscriminatorOptions, type TranslationNorm } from './pix2pix.js';
export { ResnetGenerator, type ResnetGeneratorOptions } from './cyclegan.js';
export { SpeechRecognizer, type SpeechRecognizerOptions, type RecognizerOutput } from './speech_recognizer.js';
