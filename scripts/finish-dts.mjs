// Runs after tsup in a package folder (see its `build` script) on the bundled declarations:
//
// 1. Module augmentations of the package's own files (`declare module '../document/objects.js'
//    { interface QuerySetTypes … }`, how the queryset layer widens a type of the document layer)
//    survive bundling verbatim, but their relative path means nothing next to dist/index.d.ts, so
//    the augmentation is silently lost (`Doc.objects()` would be typed `never`). Every module is
//    now in this one file, so the block is unwrapped: its interfaces merge with the bundled ones.
//    The build fails if an augmented interface is not declared in the bundle under the same name.
// 2. The CommonJS entry gets its own copy: TypeScript reads `.d.ts` in a `"type": "module"`
//    package as ESM, so `require` needs `index.d.cts`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = 'dist/index.d.ts';
let text = readFileSync(file, 'utf8');

const AUGMENTATION = /^declare module '(\.{1,2}\/[^']+)' \{\n([\s\S]*?)^\}\n/gm;
text = text.replace(AUGMENTATION, (_block, path, body) => {
  for (const [, name] of body.matchAll(/^ {4}interface (\w+)/gm)) {
    if (!new RegExp(`^(?:declare )?interface ${name}\\b`, 'm').test(text)) {
      throw new Error(
        `${file}: augmentation of '${path}' names interface ${name}, which the bundle does not declare`,
      );
    }
  }
  const unwrapped = body.replace(/^ {4}/gm, '');
  return `// Augmentation of '${path}', merged in place by scripts/finish-dts.mjs.\n${unwrapped}`;
});
if (/^declare module '\./m.test(text))
  throw new Error(`${file}: a relative module augmentation was left in place`);

writeFileSync(file, text);
writeFileSync('dist/index.d.cts', text);
