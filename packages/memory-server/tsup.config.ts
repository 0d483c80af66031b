import { packageBuild } from '../../scripts/tsup-preset.ts';

export default packageBuild({
  cli: { cli: 'src/cli.ts' },
  // stemmer 2 is ESM-only: inlined into the CommonJS build so CJS consumers (and Jest) never require ESM.
  bundleIntoCjs: ['stemmer'],
  cjsBanner:
    '/*! Includes stemmer 2 (https://github.com/words/stemmer), MIT licence, (c) 2014 Titus Wormer */',
});
