// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Workflow code is replayed deterministically inside a sandbox: it may only import pure modules. */
const workflowRestrictedImports = {
  patterns: [
    {
      regex: '^\\.{1,2}/(.*/)?(activities|apps|lib)(/|$)',
      allowTypeImports: true,
      message: 'Workflow code is sandboxed: import only types from activities/, apps/ or lib/.',
    },
    {
      group: [
        '@temporalio/activity',
        '@temporalio/client',
        '@temporalio/worker',
        '@temporalio/testing',
      ],
      message: 'Workflow code may only use @temporalio/workflow and @temporalio/common.',
    },
    {
      group: [
        '@nestjs/*',
        'class-transformer',
        'class-validator',
        'reflect-metadata',
        'pg',
        'pino',
        'pino-*',
        'zod',
      ],
      message: 'Application libraries do not belong in the workflow bundle.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.data/', 'node_modules/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver()] },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/consistent-type-exports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Nest types its option bags as classes (NestApplicationOptions and the like).
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/extensions': ['error', 'ignorePackages', { checkTypeImports: true }],
      eqeqeq: 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', workflowRestrictedImports],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflow code has no process: pass values in the input.' },
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.{1,2}/(.*/)?apps(/|$)',
              allowTypeImports: true,
              message: 'Activities must not depend on an app.',
            },
            {
              group: ['@temporalio/workflow'],
              message: 'Activities run outside the workflow sandbox.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}', 'apps/launcher/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
