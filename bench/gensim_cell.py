#!/usr/bin/env python3
"""One gensim benchmark cell: gensim_cell.py word2vec-sg <workers>; prints one JSON line.

The sentences are shinsou's (wordSentences of the shipped Moby-Dick), written by node from the
build so both train on exactly the same words; the settings are the bench's shinsou cell's.
"""
import json
import logging
import os
import resource
import subprocess
import sys
import time

from gensim.models import Word2Vec

logging.disable(logging.WARNING)
workload, workers = sys.argv[1], int(sys.argv[2])
assert workload == 'word2vec-sg', workload
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
script = ("import { text } from './build/src/index.js';"
          "process.stdout.write(text.loadCorpus('moby-dick').flatMap((d) => text.wordSentences(d.text)).map((s) => s.join(' ')).join('\\n'));")
raw = subprocess.run(['node', '--input-type=module', '-e', script], cwd=root, check=True, capture_output=True).stdout.decode('utf8')
sentences = [line.split() for line in raw.split('\n') if line]
words = sum(len(s) for s in sentences)
times = []
cpu0 = time.process_time()
for _ in range(5):
    t0 = time.perf_counter()
    Word2Vec(sentences, vector_size=100, window=5, min_count=5, sg=1, negative=5, sample=1e-3, epochs=1, workers=workers, seed=1)
    times.append(time.perf_counter() - t0)
times.sort()
ms = times[len(times) // 2] * 1000
print(json.dumps({'medianMs': ms, 'rate': words / (ms / 1000), 'unit': 'words/s', 'cpuMs': (time.process_time() - cpu0) * 1000,
                  'maxRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
