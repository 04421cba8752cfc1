// Lint rules that guard the architecture (layers point one way) and async hygiene.
import tseslint from 'typescript-eslint';

const noVscodeInPureModules = {
  paths: [
    { name: 'vscode', message: 'Pure modules must not import vscode: the CLI and unit tests run them without VS Code.' },
    { name: 'vscode-languageserver', message: 'The language service is transport-free: wire LSP in server/src/server.ts or handlers.' },
    { name: 'vscode-languageserver/node', message: 'The language service is transport-free: wire LSP in server/src/server.ts or handlers.' },
    { name: 'vscode-languageclient', message: 'Pure modules must not depend on the language client.' },
    { name: 'vscode-languageclient/node', message: 'Pure modules must not depend on the language client.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', '.sandbox/**', 'test/e2e/artifacts/**', 'bench/**', '**/*.mjs', '**/*.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['server/src/service/**/*.ts', 'server/src/model/**/*.ts', 'client/src/api/**/*.ts', 'client/src/sync/**/*.ts', 'emulator/src/**/*.ts', 'cli/src/**/*.ts', 'common/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noVscodeInPureModules] },
  },
  {
    // stdout is the LSP channel when the server runs with --stdio.
    files: ['server/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
