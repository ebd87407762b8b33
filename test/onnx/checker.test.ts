import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { loadFixture } from '../helpers.js';
import { checkedModels } from './checked_models.js';

// tools/fixtures/onnx_check.py ran onnx.checker (full check) on these files; this test makes sure
// they are what the exporter writes today, so the verdicts hold for the current code.
const verdicts = loadFixture<Record<string, { verdict: string; opset: number }>>('onnx/checker.json');

for (const { name, model, inputs } of checkedModels()) {
  test(`${name}: the export is byte for byte the file onnx.checker passed`, () => {
    assert.equal(verdicts[`${name}.onnx`]?.verdict, 'ok');
    const committed = readFileSync(new URL(`../../../test/fixtures/onnx/${name}.onnx`, import.meta.url));
    assert.ok(Buffer.from(s.onnx.toOnnx(model, inputs)).equals(committed), 'the exporter changed: rerun tools/fixtures/onnx_models.js and onnx_check.py');
  });
}
