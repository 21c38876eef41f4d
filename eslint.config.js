// Lint config. The import restrictions hold DESIGN.md §1: data flows one way, lower layers never import higher ones.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (files, forbidden) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((dir) => ({
          group: [`**/${dir}/*`, `**/${dir}`],
          message: `must not import ${dir}/ (DESIGN.md §1)`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  layer(
    ['src/oci/**'],
    ['content', 'registry', 'store', 'copy', 'engine', 'playbook', 'cli', 'connectors', 'modules'],
  ),
  layer(
    ['src/content/**', 'src/registry/**', 'src/store/**'],
    ['copy', 'engine', 'playbook', 'cli', 'modules'],
  ),
  // The registry server sits at the store's level: it serves a layout store and is used only by the CLI.
  layer(['src/server/**'], ['copy', 'engine', 'playbook', 'cli', 'modules', 'connectors']),
  layer(['src/copy/**'], ['registry', 'store', 'engine', 'playbook', 'cli', 'modules']),
  layer(['modules/**'], ['engine', 'cli', 'playbook']),
  layer(['src/engine/**', 'src/playbook/**'], ['cli', 'modules']),
);
