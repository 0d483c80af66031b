/**
 * Shared tsup settings for the workspace packages: a library build (ESM `.js` + CJS `.cjs`, each
 * with its declarations) and a command-line build (ESM only, `#!/usr/bin/env node`).
 *
 * @example
 * ```ts
 * // packages/<pkg>/tsup.config.ts
 * import { packageBuild } from '../../scripts/tsup-preset.ts';
 * export default packageBuild({ cli: { cli: 'src/cli.ts' } });
 * ```
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/** Options of {@link packageBuild}. */
export interface PackageBuildOptions {
  /** Command-line entries (output name → source), built as ESM executables. */
  cli?: Record<string, string>;
  /** ESM-only dependencies inlined into the CommonJS output, so `require()` never loads ESM. */
  bundleIntoCjs?: string[];
  /** Text put at the top of the CommonJS output (e.g. the licence notice of an inlined dependency). */
  cjsBanner?: string;
}

/**
 * Sources keep their `#!/usr/bin/env -S npx tsx` line (they run from the repository through tsx);
 * the built file must start Node itself. tsup marks files starting with `#!` executable.
 */
function nodeShebang(files: string[]): Plugin {
  const wanted = new Set(files.map((file) => file.replace(/^\.\//, '')));
  return {
    name: 'node-shebang',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const relative = args.path.slice(process.cwd().length + 1).replaceAll('\\', '/');
        if (!wanted.has(relative)) return undefined;
        const source = readFileSync(args.path, 'utf8').replace(/^#!.*\r?\n/, '');
        return { contents: `#!/usr/bin/env node\n${source}`, loader: 'ts' };
      });
    },
  };
}

/**
 * The tsup configuration of one package (run with the package folder as working directory).
 *
 * @example
 * ```ts
 * export default packageBuild({ bundleIntoCjs: ['stemmer'] });
 * ```
 */
export function packageBuild(options: PackageBuildOptions = {}): Options[] {
  // The two builds run in parallel, so neither may clean `dist` itself.
  rmSync('dist', { recursive: true, force: true });
  const common: Options = {
    outDir: 'dist',
    platform: 'node',
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
    // Keep `node:` specifiers as written (tsup 8 strips them by default).
    removeNodeProtocol: false,
  };
  // A command-line entry whose source is not written yet is skipped rather than failing the build.
  const cli = Object.fromEntries(
    Object.entries(options.cli ?? {}).filter(([, source]) => existsSync(source)),
  );
  return [
    {
      ...common,
      entry: { index: 'src/index.ts', ...cli },
      format: ['esm'],
      // Command-line entries share chunks with the library instead of carrying a second copy.
      splitting: true,
      // Declarations are bundled once; the build script copies index.d.ts to index.d.cts.
      dts: { entry: { index: 'src/index.ts' } },
      esbuildPlugins: [nodeShebang(Object.values(cli))],
    },
    {
      ...common,
      entry: { index: 'src/index.ts' },
      format: ['cjs'],
      noExternal: options.bundleIntoCjs ?? [],
      ...(options.cjsBanner === undefined ? {} : { banner: { js: options.cjsBanner } }),
    },
  ];
}
