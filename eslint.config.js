// Lint rules: typescript-eslint's recommended set, and a browser-safe core (no Node built-ins).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'native/build/', 'docs/api/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core must run in browsers: no Node-only modules in tensor, autograd, ops, backends, nn, optim.
    files: ['src/tensor/**', 'src/autograd/**', 'src/ops/**', 'src/backend/**', 'src/nn/**', 'src/optim/**', 'src/errors.ts', 'src/core.ts', 'src/data/dataset.ts', 'src/data/dataloader.ts', 'src/data/browser.ts', 'src/data/transforms/**', 'src/io/browser.ts', 'src/io/safetensors.ts', 'src/options.ts', 'src/rl/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'], message: 'The core must stay browser-safe.' }] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', 'require'],
    },
  },
  {
    // The native backend and the wasm backend's worker_threads are the Node-only parts of backend/.
    files: ['src/backend/native/**', 'src/backend/wasm/node.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
  {
    files: ['examples/browser/**/*.js', 'playground/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['tools/**/*.js', 'native/**/*.js'],
    languageOptions: { globals: globals.node },
  },
);
