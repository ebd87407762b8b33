#!/usr/bin/env python3
"""gensim 4 (Debian python3-gensim) on the corpus and settings of shinsou's `word2vec` recipe.

    /usr/bin/python3 tools/reference/word2vec_gensim.py SENTENCES ANALOGIES PAIRS SETTINGS_JSON
SENTENCES: one sentence per line, words separated by spaces (the recipe writes it); ANALOGIES:
data/text/analogies.txt; PAIRS: data/text/similarity.tsv; SETTINGS_JSON: {vectorSize, window, minCount, sg, negative, sample,
alpha, minAlpha, epochs, seed, workers}. Prints one JSON line: analogyAccuracy (gensim's
evaluate_word_analogies, case-insensitive, over questions whose words are in the vocabulary),
similarityCorrelation (Spearman's rho of evaluate_word_pairs, case-insensitive),
wordsPerSecond (corpus words × epochs / training seconds), seconds, vocabularySize.
"""
import json
import logging
import sys
import time

from gensim.models import Word2Vec

logging.disable(logging.WARNING)
sentences_path, analogies_path, pairs_path, settings = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
with open(sentences_path, encoding='utf8') as f:
    sentences = [line.split() for line in f if line.strip()]
words = sum(len(s) for s in sentences)
t0 = time.time()
model = Word2Vec(sentences, vector_size=settings['vectorSize'], window=settings['window'], min_count=settings['minCount'], sg=int(settings['sg']),
                 negative=settings['negative'], sample=settings['sample'], alpha=settings['alpha'], min_alpha=settings['minAlpha'],
                 epochs=settings['epochs'], seed=settings['seed'], workers=settings['workers'], hs=0)
seconds = time.time() - t0
accuracy, _ = model.wv.evaluate_word_analogies(analogies_path, case_insensitive=True, dummy4unknown=False)
_, (spearman, _), _ = model.wv.evaluate_word_pairs(pairs_path, case_insensitive=True)
print(json.dumps({'analogyAccuracy': accuracy, 'similarityCorrelation': float(spearman), 'wordsPerSecond': words * settings['epochs'] / seconds, 'seconds': seconds,
                  'vocabularySize': len(model.wv), 'gensim': __import__('gensim').__version__}))
