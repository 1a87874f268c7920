// ESLint for `make lint` and `make check`: the recommended JavaScript and TypeScript rules, syntax only, so it runs in seconds.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A callback that reads a variable before its single assignment (exporter.ts' selfMetrics) needs `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
);
