/**
 * ESLint rule `floors/imports`: the import boundaries of the repository (protocol → packages →
 * apps → e2e). A local rule rather than `no-restricted-imports`, because a relative import can
 * only be judged once it is resolved against the importing file: `../../x` leaves a package from
 * one folder and not from another.
 *
 * Paths are taken relative to the option `root` (eslint.config.js gives the repository's, so
 * running ESLint from a subfolder judges the same; tests/lint.test.ts gives a fixture tree's).
 * Without it, ESLint's working directory.
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules);
/** Packages that only make sense in a server process; the shell runs in the browser (its dev and
 * production servers' code is apps/shell/server, outside src/). */
const SERVER_PACKAGES = new Set(['express', 'lowdb']);
const TOP_LEVEL_WORKSPACES = new Set(['e2e', 'bench']);

/** 'apps/shell', 'packages/protocol', 'e2e', 'bench', or the top folder: 'scripts', 'tests', '.' */
function workspaceOfPath(rel) {
  const parts = rel.split('/');
  const nested = parts[0] === 'apps' || parts[0] === 'packages';
  if (nested && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.length > 1 ? parts[0] : '.';
}

/** What an import names: one of our workspaces (and whether it reaches into its src/), or not. */
function targetOf(spec, fileRel, cwd, apps) {
  if (spec.startsWith('.')) {
    const rel = relative(cwd, resolve(cwd, dirname(fileRel), spec))
      .split(sep)
      .join('/');
    if (rel.startsWith('..')) return { ours: false };
    const workspace = workspaceOfPath(rel);
    const inner = rel.slice(workspace.length + 1);
    return { ours: true, workspace, deepSrc: inner.startsWith('src/'), inner };
  }
  const scoped = /^@mp-sandbox\/([^/]+)(\/.*)?$/.exec(spec);
  if (scoped) {
    const name = scoped[1];
    const workspace = apps.includes(name)
      ? `apps/${name}`
      : TOP_LEVEL_WORKSPACES.has(name)
        ? name
        : `packages/${name}`;
    return { ours: true, workspace, deepSrc: (scoped[2] ?? '').startsWith('/src') };
  }
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec.split('/')[0];
  return {
    ours: false,
    node: spec.startsWith('node:') || NODE_BUILTINS.has(bare),
    server: SERVER_PACKAGES.has(bare),
  };
}

/** The first floor the import breaks, as a message that says what to do instead; or undefined. */
function violation(from, fileRel, target) {
  if (target.ours && target.workspace !== from) {
    if (from === 'packages/protocol') {
      return (
        `packages/protocol imports nothing of ours (this names ${target.workspace}): ` +
        'the contracts are the bottom floor; move what it needs into the protocol'
      );
    }
    if (from.startsWith('packages/') && target.workspace.startsWith('apps/')) {
      return (
        `a package never imports an app (this names ${target.workspace}): ` +
        'move the shared code into a package, or pass it in from the app'
      );
    }
    if (from.startsWith('apps/') && target.workspace.startsWith('apps/')) {
      return (
        `an app never imports another app (${from} → ${target.workspace}): ` +
        'share through packages/protocol or another package'
      );
    }
    if (target.deepSrc) {
      return (
        `no deep import of another workspace's src/ (${target.workspace}/src): ` +
        'import its package name and what its "exports" offer'
      );
    }
  }
  // The shell is a browser bundle. Its *.test.ts files run under vitest in Node and may use Node.
  const shellBundle = fileRel.startsWith('apps/shell/src/') && !/\.test\.tsx?$/.test(fileRel);
  const shellServer = target.workspace === 'apps/shell' && target.inner?.startsWith('server/');
  if (shellBundle && (target.node || target.server || shellServer)) {
    return (
      'apps/shell/src runs in the browser: no Node built-ins, express, lowdb or ' +
      'apps/shell/server; ask the platform over HTTP'
    );
  }
  return undefined;
}

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'keeps the floors: protocol → packages → apps → e2e' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          apps: { type: 'array', items: { type: 'string' } },
          allow: {
            type: 'array',
            items: {
              type: 'object',
              properties: { file: { type: 'string' }, import: { type: 'string' } },
              required: ['file', 'import'],
              additionalProperties: false,
            },
          },
        },
        required: ['apps'],
        additionalProperties: false,
      },
    ],
    messages: { floor: '{{spec}}: {{why}}' },
  },
  create(context) {
    const { root, apps, allow = [] } = context.options[0];
    const cwd = root ?? context.cwd;
    const fileRel = relative(cwd, context.filename).split(sep).join('/');
    if (fileRel.startsWith('..')) return {};
    const from = workspaceOfPath(fileRel);
    const allowed = new Set(allow.filter((a) => a.file === fileRel).map((a) => a.import));

    function check(node, spec) {
      if (typeof spec !== 'string' || allowed.has(spec)) return;
      const why = violation(from, fileRel, targetOf(spec, fileRel, cwd, apps));
      if (why) context.report({ node, messageId: 'floor', data: { spec, why } });
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => {
        if (node.source) check(node.source, node.source.value);
      },
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
      },
      // `import('x').T` in a type position.
      TSImportType: (node) => {
        const arg = node.argument;
        const literal = arg?.type === 'TSLiteralType' ? arg.literal : arg;
        if (literal?.type === 'Literal') check(node, literal.value);
      },
    };
  },
};

export default { meta: { name: 'floors' }, rules: { imports: importsRule } };
