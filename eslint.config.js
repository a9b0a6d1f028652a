// ESLint flat config. Besides the usual rules it enforces the import arrows of the design:
// renderer never imports main, server or Node built-ins; core never imports electron or React;
// shared imports nothing of ours. `tests/unit/lintBoundaries.test.ts` proves these fire.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layers = ['shared', 'core', 'main', 'preload', 'renderer', 'web', 'server', 'launcher'];
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, `node:${name}`]);

/** A rule that refuses relative imports of the named layers, and the named packages. */
function boundary(from, { layers: forbiddenLayers = [], packages = [], nodeBuiltins: noNode = false }) {
  const patterns = forbiddenLayers.map((layer) => ({
    regex: `^\\.{1,2}/(.*/)?${layer}(/|$)`,
    message: `src/${from} must not import src/${layer} (see the layering in DESIGN.md).`,
  }));
  const paths = [
    ...packages.map((name) => ({ name, message: `src/${from} must not import ${name}.` })),
    ...(noNode
      ? nodeBuiltins.map((name) => ({ name, message: `src/${from} runs in a browser: no Node built-ins.` }))
      : []),
  ];
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

const others = (...allowed) => layers.filter((layer) => !allowed.includes(layer));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/shared/**'],
    rules: boundary('shared', {
      layers: others('shared'),
      packages: ['electron', 'react', 'react-dom', 'jotai'],
      nodeBuiltins: true,
    }),
  },
  {
    files: ['src/core/**'],
    rules: boundary('core', {
      layers: others('shared', 'core'),
      packages: ['electron', 'react', 'react-dom', 'jotai'],
      nodeBuiltins: true,
    }),
  },
  {
    files: ['src/renderer/**'],
    ignores: ['src/renderer/**/*.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    // The app talks only to window.api: not even the engine is imported here.
    rules: boundary('renderer', { layers: others('shared', 'renderer'), packages: ['electron'], nodeBuiltins: true }),
  },
  {
    files: ['src/web/**'],
    ignores: ['src/web/**/*.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    // The web host puts the engine in the page, as Electron main does on the desktop.
    rules: boundary('web', {
      layers: others('shared', 'core', 'renderer', 'web'),
      packages: ['electron'],
      nodeBuiltins: true,
    }),
  },
  {
    files: ['src/preload/**'],
    rules: boundary('preload', { layers: others('shared', 'preload') }),
  },
  {
    files: ['src/main/**'],
    rules: boundary('main', { layers: others('shared', 'core', 'main'), packages: ['react', 'react-dom', 'jotai'] }),
  },
  {
    files: ['src/server/**'],
    rules: boundary('server', {
      layers: others('shared', 'server'),
      packages: ['electron', 'react', 'react-dom', 'jotai', 'socket.io-client'],
    }),
  },
  {
    files: ['src/launcher/**'],
    rules: boundary('launcher', {
      layers: others('shared', 'server', 'launcher'),
      packages: ['react', 'react-dom', 'jotai'],
    }),
  },
);
