import { packageBuild } from '../../scripts/tsup-preset.ts';

export default packageBuild({ cli: { 'cli/main': 'src/cli/main.ts' } });
