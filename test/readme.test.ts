import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

test('the README example runs as written against the built package and prints what it says', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(code, 'README has a js example');
  // Inside the package folder, `import … from 'shinsou'` resolves to the built dist/ (self-reference).
  const file = new URL('../readme-example.mjs', import.meta.url);
  writeFileSync(file, code);
  const out = execFileSync(process.execPath, [file.pathname], { encoding: 'utf8' });
  assert.equal(out, 'tensor([[2., 4.],\n        [6., 8.]])\n27 18\n');
});
