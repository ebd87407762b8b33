#!/usr/bin/env python3
"""Builds data/text/analogies.txt, a word-analogy set in gensim's questions-words format, from
Debian's wordnet-base (WordNet 3.0) and the shipped corpora.

    apt-get install wordnet-base && /usr/bin/python3 tools/data/analogies.py

Pairs per section, each word lower-case alphabetic and seen at least 5 times in the training
documents of the shipped corpora (tokenised as shinsou's wordTokenize does):
  plural-irregular       noun.exc (singular, irregular plural)
  plural-regular         index.noun lemmas with their regular plural (+s, +es after s/x/z/ch/sh, y → ies after a consonant)
  verb-past-irregular    verb.exc (base, form) whose form is no regular inflection and does not end in n
  verb-participle-irregular  the same ending in n (taken, given, …)
  comparative            adj.exc (base, form ending in -er)
  superlative            adj.exc (base, form ending in -est)
  antonym                antonym pointers (!) between adjectives of data.adj, each unordered pair once
Questions: every ordered combination of two different pairs a b, c d of a section as "a b c d",
at most 1,500 per section, drawn with a fixed seed.
"""
import json
import os
import random
import re
import subprocess
from collections import Counter

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
WN = '/usr/share/wordnet'
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\s\w]|_")


def corpus_counts():
    counts = Counter()
    for name in ['sotu', 'moby-dick']:
        path = os.path.join(ROOT, 'data', 'text', f'{name}.jsonl.br')
        script = "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(process.argv[1])))"
        raw = subprocess.run(['node', '-e', script, path], check=True, capture_output=True).stdout.decode('utf8')
        for line in raw.split('\n'):
            if line:
                doc = json.loads(line)
                if doc['split'] == 'train':
                    counts.update(t for t in WORD.findall(doc['text'].lower()))
    return counts


def exceptions(pos):
    with open(os.path.join(WN, f'{pos}.exc')) as f:
        return [line.split()[:2] for line in f if len(line.split()) >= 2]


def regular_plural(w):
    if re.search(r'(s|x|z|ch|sh)$', w):
        return w + 'es'
    if re.search(r'[^aeiou]y$', w):
        return w[:-1] + 'ies'
    return w + 's'


def regular_inflections(base):
    stem = base[:-1] if base.endswith('e') else base
    return {base + 's', base + 'es', base + 'ed', base + 'd', stem + 'ing', base + 'ing', base + base[-1] + 'ed', base + base[-1] + 'ing'}


def synsets(pos):
    """Each synset of data.<pos> as (offset, words, pointers), pointers as [symbol, target, pos, source/target]."""
    with open(os.path.join(WN, f'data.{pos}')) as f:
        for line in f:
            if line.startswith('  '):
                continue
            parts = line.split(' | ')[0].split()
            offset, count = parts[0], int(parts[3], 16)
            words = [parts[4 + 2 * i].split('(')[0] for i in range(count)]
            rest = parts[4 + 2 * count:]
            yield offset, words, [rest[1 + 4 * i: 5 + 4 * i] for i in range(int(rest[0]))]


def antonyms():
    pairs = set()
    lines = list(synsets('adj'))
    words_at = {offset: words for offset, words, _ in lines}
    for offset, words, pointers in lines:
        for symbol, target, _, st in pointers:
            if symbol == '!' and target in words_at:
                src, dst = int(st[:2], 16), int(st[2:], 16)
                if src and dst:
                    a, b = words[src - 1], words_at[target][dst - 1]
                    pairs.add(tuple(sorted((a, b))))
    return sorted(pairs)


def main():
    counts = corpus_counts()
    ok = lambda w: w.isalpha() and w.islower() and counts[w] >= 5  # noqa: E731
    sections = {}
    sections['plural-irregular'] = [(s, p) for p, s in exceptions('noun') if p != s]
    with open(os.path.join(WN, 'index.noun')) as f:
        nouns = [line.split()[0] for line in f if not line.startswith(' ')]
    sections['plural-regular'] = [(n, regular_plural(n)) for n in nouns if n.isalpha()]
    verbs = [(b, f) for f, b in exceptions('verb') if f != b and f not in regular_inflections(b) and not f.endswith('ing')]
    sections['verb-past-irregular'] = [(b, f) for b, f in verbs if not f.endswith('n')]
    sections['verb-participle-irregular'] = [(b, f) for b, f in verbs if f.endswith('n')]
    adjectives = [(b, f) for f, b in exceptions('adj') if f != b]
    sections['comparative'] = [(b, f) for b, f in adjectives if f.endswith('er')]
    sections['superlative'] = [(b, f) for b, f in adjectives if f.endswith('est')]
    sections['antonym'] = antonyms()
    rng = random.Random(0)
    out, summary = [], {}
    for name, pairs in sections.items():
        kept = sorted({(a, b) for a, b in pairs if ok(a) and ok(b) and a != b})
        questions = [(a, b, c, d) for a, b in kept for c, d in kept if (a, b) != (c, d) and len({a, b, c, d}) == 4]
        if len(questions) > 1500:
            questions = sorted(rng.sample(questions, 1500))
        out.append(f': {name}')
        out.extend(' '.join(q) for q in questions)
        summary[name] = (len(kept), len(questions))
    with open(os.path.join(ROOT, 'data', 'text', 'analogies.txt'), 'w') as f:
        f.write('\n'.join(out) + '\n')
    for name, (pairs, questions) in summary.items():
        print(f'{name}: {pairs} pairs, {questions} questions')


if __name__ == '__main__':
    main()
