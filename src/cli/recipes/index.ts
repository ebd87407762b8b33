/** @file Every recipe `npx shinsou train <recipe>` knows, in the order `shinsou list` shows them. */
import type { Recipe } from '../recipe.js';
import { a2cCartpole } from './a2c_cartpole.js';
import { actorCriticRecipe } from './actor_critic.js';
import { autoencoder } from './autoencoder.js';
import { cganMnist } from './cgan_mnist.js';
import { charRnn } from './char_rnn.js';
import { cycleganEmoji } from './cyclegan_emoji.js';
import { word2vec } from './word2vec.js';
import { dqnCartpole } from './dqn_cartpole.js';
import { ganAugment } from './gan_augment.js';
import { ganMnist } from './gan_mnist.js';
import { mnistCnn } from './mnist_cnn.js';
import { mnistMlp } from './mnist_mlp.js';
import { mnistResnet } from './mnist_resnet.js';
import { pix2pixEmoji } from './pix2pix_emoji.js';
import { policyIterationRecipe, valueIterationRecipe } from './planning.js';
import { rnnClassify } from './rnn_classify.js';
import { spokenDigits } from './spoken_digits.js';
import { stackedAutoencoder } from './stacked_autoencoder.js';
import { tacotron } from './tacotron.js';
import { transformerClassify } from './transformer_classify.js';
import { transformerLm } from './transformer_lm.js';
import { translate } from './translate.js';
import { videoClassify } from './video_classify.js';
import { videoPredict } from './video_predict.js';
import { wavegan } from './wavegan.js';
import { wganMnist } from './wgan_mnist.js';

export const recipes: readonly Recipe[] = [
  mnistMlp, autoencoder, stackedAutoencoder, mnistCnn, mnistResnet,
  valueIterationRecipe, policyIterationRecipe, actorCriticRecipe, dqnCartpole, a2cCartpole,
  ganMnist, cganMnist, wganMnist, ganAugment, charRnn, word2vec, rnnClassify, transformerClassify, transformerLm, translate,
  spokenDigits, wavegan, tacotron, videoClassify, videoPredict, pix2pixEmoji, cycleganEmoji,
];
