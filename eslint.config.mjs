// Lint: typescript-eslint (type-aware where cheap), Prettier owns formatting, and Nx module boundaries:
// an app depends only on libraries (never on another app), a shared library only on shared libraries.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.rcc/**',
      '**/.nx/**',
      'infra/kafka/target/**',
      'infra/kafka/.data/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // Each scope names the libraries it may use: a council instance never links the forecast or disclosure
          // code, only analytics links the forecast library, and shared libraries use only shared ones. Tests
          // anywhere may use the testing library. The CLI and the end-to-end suites are tooling: any library.
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:ssda903', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:forecast', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:disclosure', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            {
              sourceTag: 'scope:simulator',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing', 'scope:ssda903'],
            },
            {
              sourceTag: 'scope:council',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing', 'scope:ssda903'],
            },
            {
              sourceTag: 'scope:registry',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing', 'scope:disclosure'],
            },
            {
              sourceTag: 'scope:commissioning',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing', 'scope:disclosure'],
            },
            {
              sourceTag: 'scope:analytics',
              onlyDependOnLibsWithTags: [
                'scope:shared',
                'scope:testing',
                'scope:ssda903',
                'scope:forecast',
                'scope:disclosure',
              ],
            },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing', 'scope:disclosure'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The CLI and the tooling scripts talk to a person on a terminal.
    files: ['apps/cli/**/*.ts', 'infra/**/*.mjs', 'bench/**/*.ts', 'bench/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'Buffer', 'global', 'setTimeout', 'setInterval', 'clearInterval'].map((g) => [
          g,
          'readonly',
        ]),
      ),
    },
  },
  prettier,
);
