// Runs every tutorial (tutorials/NN-*.ts, compiled to build/tutorials/) on its small budget
// (SHINSOU_QUICK=1) in a scratch folder, as a user would after `npm install`: each must finish
// and print its figures; what they reach on the full budgets is in the README.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const dir = new URL('../tutorials/', import.meta.url).pathname;
const chapters = readdirSync(dir).filter((f) => /^\d\d-.*\.js$/.test(f)).sort();

test('there is a tutorial for every chapter of the curriculum', () => {
  assert.deepEqual(chapters.map((f) => f.slice(3, -3)), [
    'tensors-and-autograd', 'mlp', 'autoencoders', 'cnns-and-resnets', 'gans', 'sequences', 'transformers', 'audio', 'video', 'reinforcement-learning',
  ]);
});

for (const chapter of chapters) {
  test(`tutorial ${chapter} runs on its small budget and prints its figures`, () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tutorial-'));
    const r = spawnSync(process.execPath, [join(dir, chapter)], { cwd, encoding: 'utf8', env: { ...process.env, SHINSOU_QUICK: '1' }, timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.trim().length > 0, 'prints its figures');
    assert.doesNotMatch(r.stdout, /NaN/);
  });
}
