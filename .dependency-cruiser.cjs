// The board's allowed dependencies between source files, checked by `npm run lint` (depcruise src).
// A new arrow between feature folders is a design decision: add it to FEATURE_ARROWS on purpose.

/** One Nest module each (README's Layout); they may use the layers below freely and each other only as listed. */
const FEATURES = [
  'advisories',
  'auth',
  'citations',
  'feeds',
  'field-reports',
  'guidance',
  'health',
  'known-issues',
  'mail',
  'moderation',
  'notifications',
  'page-cache',
  'search',
  'threads',
  'users',
];

/** Which feature folders each feature folder imports from (besides itself and the layers). */
const FEATURE_ARROWS = {
  advisories: ['auth', 'citations', 'feeds', 'guidance', 'known-issues', 'moderation', 'page-cache', 'search', 'threads'],
  // Account mails (password reset, address confirmation) go through the outbox.
  auth: ['mail', 'users'],
  citations: ['advisories'],
  feeds: ['advisories', 'field-reports', 'guidance', 'known-issues', 'threads'],
  // Confirmations move verdicts: they recheck them in their transaction.
  'field-reports': ['advisories', 'guidance', 'notifications', 'threads', 'users'],
  // Deploy guidance: its tables reference advisories; it reads which known-issue statuses are open and listens to the post events.
  // The trend picture is drawn from the thread page's reads of the per-day counters, and stored by the guest page cache.
  guidance: ['advisories', 'feeds', 'field-reports', 'known-issues', 'page-cache', 'threads'],
  health: [],
  'known-issues': [
    'advisories',
    'auth',
    'citations',
    'feeds',
    'field-reports',
    'guidance',
    'moderation',
    'notifications',
    'search',
    'threads',
    'users',
  ],
  mail: ['advisories', 'field-reports', 'known-issues', 'notifications', 'threads', 'users'],
  moderation: ['advisories', 'auth', 'notifications', 'threads', 'users'],
  notifications: ['advisories', 'auth', 'known-issues', 'threads', 'users'],
  // Whether a request carries the session cookie, and whether a response was a guest's, as the session layer says.
  'page-cache': ['auth'],
  search: ['advisories', 'field-reports', 'known-issues', 'threads'],
  threads: [
    'advisories',
    'auth',
    'citations',
    'feeds',
    'field-reports',
    'guidance',
    'known-issues',
    'notifications',
    'page-cache',
    'users',
  ],
  users: ['auth', 'moderation'],
};

/** The layers under the features, and which of them each one imports: none of them imports a feature. */
const LAYER_ARROWS = {
  config: [],
  database: ['config'],
  policy: [],
  common: ['config', 'database', 'policy'],
};

/** Entities that reference each other (a relation and its inverse): the only cycles allowed, pair by pair. */
const ENTITY_PAIRS = [['src/advisories/advisory.entity.ts', 'src/advisories/advisory-platform.entity.ts']];

const exact = (path) => `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
const folders = (names) => `^src/(${names.join('|')})/`;
const TOP_LEVEL_FILE = '^src/[^/]+[.]ts$';
const PATHS = '^src/paths[.]ts$';
const SPEC = '[.]spec[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between source files: move the shared piece to the module that owns it, or a pure helper to src/common/.',
      severity: 'error',
      from: { pathNot: ENTITY_PAIRS.flat().map(exact) },
      to: { circular: true },
    },
    ...ENTITY_PAIRS.flatMap((pair) =>
      pair.map((file, i) => ({
        name: 'no-circular-entities',
        comment: `${file} may only be in a cycle with ${pair[1 - i]} (ENTITY_PAIRS).`,
        severity: 'error',
        from: { path: exact(file) },
        to: { circular: true, pathNot: exact(pair[1 - i]) },
      })),
    ),
    {
      name: 'paths-is-a-leaf',
      comment: 'src/paths.ts builds addresses from its arguments alone: it imports nothing from the board.',
      severity: 'error',
      from: { path: PATHS },
      to: { path: '^src/' },
    },
    ...Object.entries(LAYER_ARROWS).map(([layer, allowed]) => ({
      name: `layer-${layer}`,
      comment: `src/${layer}/ imports no feature, no composition file, and of the other layers only ${allowed.join(', ') || 'none'}.`,
      severity: 'error',
      from: { path: `^src/${layer}/`, pathNot: SPEC },
      to: {
        path: '^src/',
        pathNot: [
          `^src/(${[layer, ...allowed].join('|')})/`,
          PATHS,
          // The ORM's options name every entity.
          ...(layer === 'config' ? ['^src/entities[.]ts$'] : []),
        ],
      },
    })),
    ...FEATURES.map((feature) => ({
      name: `feature-${feature}`,
      comment: `src/${feature}/ imports from the features ${FEATURE_ARROWS[feature].join(', ') || '(none)'}; another arrow goes in FEATURE_ARROWS first.`,
      severity: 'error',
      from: { path: `^src/${feature}/` },
      to: { path: folders(FEATURES), pathNot: folders([feature, ...FEATURE_ARROWS[feature]]) },
    })),
    {
      name: 'composition-root',
      comment:
        'Only the top-level files (main, cli, app.module, app.setup, ...) put the board together: no folder imports them (paths.ts aside).',
      severity: 'error',
      // The ORM's options (config/mikro-orm.config.ts) list the entities of src/entities.ts.
      from: { path: '^src/[^/]+/', pathNot: '^src/config/mikro-orm[.]config[.]ts$' },
      to: { path: TOP_LEVEL_FILE, pathNot: PATHS },
    },
    {
      name: 'no-tests-in-the-board',
      comment: 'The board never imports the tests or the benchmark (its own specs may use the test support files).',
      severity: 'error',
      from: { path: '^src/', pathNot: SPEC },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|dist-test)/' },
    // Type-only imports count: a cycle through a type is still a cycle a reader must untangle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
