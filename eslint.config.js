// One lint for the whole repository: typescript-eslint and eslint-plugin-vue for correctness, Prettier for layout
// (eslint-config-prettier turns off every rule Prettier owns), and the layering of docs/architecture.md as import
// rules, so a file that crosses a boundary fails `npm run lint` with the rule it broke.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** The boundaries, each with the message a break prints (regular expressions over the import's text: imports here
 * are relative or package names, the code has no path aliases). */
const RULE = {
  contractsOnlyZod: {
    regex: '^(?!zod(/|$)|\\./)',
    message: 'contracts/ imports only zod (and its own files): the sidebar and the proxy both load it.',
  },
  srcNoServer: {
    regex: '(^|/)server(/|$)',
    message: 'src/ never imports server/: the sidebar reaches the proxy over HTTP, typed by contracts/.',
  },
  serverNoSrc: { regex: '(^|/)src(/|$)', message: 'server/ never imports src/: the proxy shares only contracts/ with the sidebar.' },
  noSim: {
    regex: '(^|/)sim(/|$)',
    message: 'Only server/demo/ (the demo wiring) imports server/sim/: production code never depends on the simulator.',
  },
  routesNoParts: {
    regex: '(^|/)(upstream|store)(/|$)',
    message: 'server/routes/ talks to services only: no vendor client (server/upstream/) and no database (server/store/).',
  },
  routesNoDrivers: {
    regex: '^(undici|pg|drizzle-orm|@electric-sql/pglite)(/|$)',
    message: 'server/routes/ talks to services only: HTTP clients and database drivers stay in services, upstream and store.',
  },
  upstreamAlone: {
    regex: '(^|/)(services|store)(/|$)',
    message: 'server/upstream/ imports neither services nor store: a vendor client knows only its vendor.',
  },
  viewsNoApi: {
    regex: '(^|/)api(/|$)',
    message: 'Components and views never call src/api/: they use a store or a composable, which use the API layer.',
  },
}

/**
 * Flat config lets the last block that sets a rule for a file win, so each block lists every boundary of its files,
 * from the general to the particular. Tests may reach anywhere: they build the pieces they test.
 */
const PLACES = [
  { files: ['contracts/**/*.ts'], rules: [RULE.contractsOnlyZod] },
  { files: ['src/**/*.{ts,vue}'], rules: [RULE.srcNoServer] },
  { files: ['src/components/**/*.{ts,vue}', 'src/views/**/*.{ts,vue}'], rules: [RULE.srcNoServer, RULE.viewsNoApi] },
  { files: ['server/**/*.ts'], rules: [RULE.serverNoSrc, RULE.noSim] },
  { files: ['server/sim/**/*.ts', 'server/demo/**/*.ts'], rules: [RULE.serverNoSrc] },
  { files: ['server/routes/**/*.ts'], rules: [RULE.serverNoSrc, RULE.noSim, RULE.routesNoParts, RULE.routesNoDrivers] },
  { files: ['server/upstream/**/*.ts'], rules: [RULE.serverNoSrc, RULE.noSim, RULE.upstreamAlone] },
]

const boundaries = PLACES.map((place) => ({
  name: `boundaries ${place.files.join(' ')}`,
  files: place.files,
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: place.rules.map(({ regex, message }) => ({ regex, message })) }] },
}))

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'src/components.d.ts', 'server/store/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Views are named XxxView and components by what they show; one-word names like `App` are the exception.
      'vue/multi-word-component-names': 'off',
      // Validation of vendor answers and tests use `!` where a check one line above proved the value.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // File names, paths and text are checked for control characters on purpose; the rule cannot tell that from a typo.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...boundaries,
  prettier,
)
