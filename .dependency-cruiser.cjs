// The rooms of src/ and what each may import (README "Rooms"). `npm run rooms` fails on a
// forbidden import, on a cycle between folders and on a cycle between modules.
// A room not listed here (entry points: cli, bench, drill, demo) may import any room;
// no room may import an entry point or src/startEngine.ts.
// The kernel: pure helpers (time, unstorable text, durable JSON lines) that every room may use.
const kernel = ['time', 'text', 'files'];
const rooms = {
  time: [],
  text: [],
  files: [],
  logging: [],
  // libpq's multi-host DATABASE_URL for pg: the parser and the read-write host chooser
  dbHosts: [],
  config: ['dbHosts'],
  email: [],
  // the hot path's bare pg pool and its tenant statements (pg only)
  hotPath: ['dbHosts'],
  db: ['hotPath', 'dbHosts'],
  secrets: ['config'],
  // the pure flow compiler: no database, no transport
  blueprints: [],
  blueprintStore: ['blueprints', 'db'],
  // provider adapters and the registry (its template lookup is injected); Baileys fetches media through outbound's guard
  channels: ['logging', 'db', 'secrets', 'outbound'],
  channelAdmin: ['logging', 'db', 'secrets', 'channels'],
  templates: ['db', 'secrets', 'blueprints', 'channels', 'channelAdmin'],
  // the statistics of experiments (pure)
  experimentStats: [],
  // experiment design, sticky assignment, exposures, results
  experiments: ['db', 'blueprints', 'experimentStats'],
  // domain events: their shapes, derived from a step's actions, written to the outbox
  events: ['db', 'blueprints'],
  // the points ledger, rules, streaks and leaderboards; the engine writes a step's entries through it
  gamification: ['logging', 'db', 'blueprints'],
  // marketplace listings, licences and their enforcement, installs, usage for the expert
  marketplace: ['logging', 'email', 'db', 'blueprints', 'blueprintStore'],
  // platform operators: organizations above the tenants (create, type and tier, suspend, delete)
  platform: ['db'],
  engine: ['logging', 'db', 'hotPath', 'blueprints', 'channels', 'experiments', 'events', 'gamification', 'marketplace', 'limits', 'inbox'],
  delivery: ['logging', 'db', 'hotPath', 'channels', 'events', 'inbox'],
  inbound: ['logging', 'db', 'dbHosts', 'hotPath', 'channels', 'engine', 'delivery'],
  http: ['logging', 'db', 'channels', 'engine', 'inbound'],
  scheduler: ['logging', 'db', 'engine', 'delivery'],
  programs: ['db', 'channels', 'engine', 'events', 'marketplace', 'limits', 'inbox'],
  segments: ['db'],
  limits: ['db'],
  inbox: ['db', 'events'],
  broadcasts: ['db', 'secrets', 'channels', 'templates'],
  // where the engine may connect for a URL an organization gave: the address guard and its fetch
  outbound: [],
  // the event outbox's sender: signed webhooks and xAPI statements
  webhooksOut: ['logging', 'email', 'db', 'secrets', 'events', 'outbound'],
  keyRotation: ['db', 'secrets', 'channels', 'broadcasts', 'webhooksOut'],
  // journey analytics: facts per enrolment and touchpoint, figures over them
  analytics: ['db', 'blueprints'],
  api: [
    'logging', 'config', 'email', 'db', 'secrets', 'blueprints', 'blueprintStore', 'channels', 'channelAdmin',
    'templates', 'engine', 'delivery', 'http', 'scheduler', 'programs', 'segments', 'broadcasts', 'experiments', 'events', 'webhooksOut', 'analytics', 'gamification', 'marketplace', 'platform', 'limits', 'inbox', 'outbound',
  ],
  web: [
    'logging', 'config', 'email', 'db', 'secrets', 'blueprints', 'blueprintStore', 'channels', 'channelAdmin',
    'templates', 'engine', 'delivery', 'http', 'scheduler', 'programs', 'segments', 'broadcasts', 'experiments', 'events', 'webhooksOut', 'analytics', 'gamification', 'marketplace', 'platform', 'api', 'limits', 'inbox', 'outbound',
  ],
  // the message history's month partitions, retention and archive (a cluster job)
  history: ['db', 'engine', 'scheduler'],
  // where the HTTP app is assembled: mounts http's routes and the API
  app: ['logging', 'db', 'channels', 'http', 'api'],
};

const roomRules = Object.entries(rooms).map(([room, allowed]) => ({
  name: `${room}-imports`,
  comment: `src/${room} may import only the kernel${allowed.length ? ` and ${allowed.join(', ')}` : ''} (README "Rooms")`,
  severity: 'error',
  from: { path: `^src/${room}/` },
  to: { path: '^src/', pathNot: `^src/(${[room, ...kernel, ...allowed].join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...roomRules,
    {
      name: 'no-folder-cycle',
      comment: 'Folders import one way only. Known, inside one room: the console layout and its session type (web/layout ↔ web/auth).',
      severity: 'error',
      scope: 'folder',
      from: { pathNot: '^src/web/(layout|auth)$' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // type-only imports count: they tie rooms together just the same
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
