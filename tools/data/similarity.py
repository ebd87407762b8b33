#!/usr/bin/env python3
"""Builds data/text/similarity.tsv, a word-similarity set (word1 TAB word2 TAB score, '#' comments:
the format of WordSim-353 as gensim's evaluate_word_pairs reads it), from Debian's wordnet-base
(WordNet 3.0) and the shipped corpora.

    apt-get install wordnet-base && /usr/bin/python3 tools/data/similarity.py

Words: single-word lower-case noun lemmas of index.noun, at least 3 letters, used mostly as
nouns (over half of their SemCor tags in cntlist.rev are noun senses), which occur at least 20
times in the training documents of the shipped corpora.
Score: Wu & Palmer similarity of the two words' first (most frequent) senses in the noun
hypernym hierarchy (hypernym and instance-hypernym pointers), 2·N3 / (N1 + N2 + 2·N3) with N3
the depth of their deepest common ancestor (entity is depth 1, each hop one deeper, shortest
path) and N1, N2 the hops from each sense up to it.
Pairs: 600 nouns drawn with a fixed seed, each paired once with a random noun scoring at least
0.75 (a close relative, when there is one) and once with any random noun, so that the scores
spread over the whole range rather than piling up near the unrelated end.
"""
import os
import random
from collections import Counter

from analogies import ROOT, WN, corpus_counts, synsets

ENTITY = '00001740'


def hypernyms():
    return {offset: [target for symbol, target, pos, _ in pointers if symbol in ('@', '@i') and pos == 'n'] for offset, _, pointers in synsets('noun')}


def ancestors(offset, parents):
    """Each ancestor of a synset (itself included) with the fewest hops up to it."""
    hops, frontier, d = {offset: 0}, [offset], 0
    while frontier:
        d += 1
        frontier = [p for s in frontier for p in parents[s] if p not in hops]
        for p in frontier:
            hops.setdefault(p, d)
    return hops


def mostly_nouns():
    """Lemmas over half of whose SemCor tags are noun senses (sense keys lemma%1:…)."""
    noun, every = Counter(), Counter()
    with open(os.path.join(WN, 'cntlist.rev')) as f:
        for line in f:
            key, _, tags = line.split()
            lemma, kind = key.split('%')[0], key.split('%')[1][0]
            every[lemma] += int(tags)
            noun[lemma] += int(tags) if kind == '1' else 0
    return {w for w in every if 2 * noun[w] > every[w]}


def first_senses(counts):
    nouns, senses = mostly_nouns(), {}
    with open(os.path.join(WN, 'index.noun')) as f:
        for line in f:
            if line.startswith(' '):
                continue
            parts = line.split()
            lemma, synsets = parts[0], int(parts[2])
            if lemma.isalpha() and lemma.islower() and len(lemma) >= 3 and lemma in nouns and counts[lemma] >= 20:
                senses[lemma] = parts[-synsets]
    return senses


def main():
    parents = hypernyms()
    senses = first_senses(corpus_counts())
    up = {w: ancestors(s, parents) for w, s in senses.items()}
    depth = {c: ancestors(c, parents)[ENTITY] + 1 for hops in up.values() for c in hops}

    def wup(a, b):
        return max(2 * depth[c] / (up[a][c] + up[b][c] + 2 * depth[c]) for c in up[a] if c in up[b])

    words = sorted(senses)
    rng = random.Random(0)
    pairs = {}
    for a in rng.sample(words, 600):
        close = [b for b in words if b != a and wup(a, b) >= 0.75]
        for b in ([rng.choice(close)] if close else []) + [rng.choice([w for w in words if w != a])]:
            pairs.setdefault(tuple(sorted((a, b))), wup(a, b))
    with open(os.path.join(ROOT, 'data', 'text', 'similarity.tsv'), 'w') as f:
        f.write('# Word pairs scored by Wu-Palmer similarity of their first WordNet 3.0 noun senses (tools/data/similarity.py)\n')
        f.writelines(f'{a}\t{b}\t{score:.4f}\n' for (a, b), score in sorted(pairs.items()))
    scores = sorted(pairs.values())
    print(f'{len(words)} nouns, {len(pairs)} pairs; score quartiles {scores[len(scores) // 4]:.3f} {scores[len(scores) // 2]:.3f} {scores[3 * len(scores) // 4]:.3f}')


if __name__ == '__main__':
    main()
