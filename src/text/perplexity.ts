/** @file Language-model figures from the mean negative log-likelihood (in nats) per token. */

/**
 * exp(mean NLL): the effective number of equally likely choices per token.
 * @example perplexity(crossEntropy(logits, targets).item()) // PyTorch examples: math.exp(loss)
 */
export function perplexity(meanNats: number): number {
  return Math.exp(meanNats);
}

/**
 * mean NLL / ln 2: bits per token (bits per character for a character model).
 * PyTorch: `F.cross_entropy(logits, targets) / math.log(2)`.
 * @example bitsPerToken(Math.log(2)) // 1
 */
export function bitsPerToken(meanNats: number): number {
  return meanNats / Math.LN2;
}
