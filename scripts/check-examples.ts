/**
 * Type-checks every TSDoc `@example` of both packages (`npm run check:examples`).
 *
 * Each example becomes its own module in a temporary directory, with a prelude that imports
 * everything its own source file exports (examples of internal helpers call them), everything its
 * package exports, the sample models and values examples share (`User`, `Post`, `user`, `doc`,
 * `ctx`… — one file per package in `scripts/check-examples-fixtures/`), and any other name that
 * exactly one module of the package exports; names the example declares itself are left out.
 * All modules are checked in one TypeScript program; a failure is reported as `file:line` of the
 * example line plus the compiler's message.
 *
 * Exemptions, kept rare: an example whose first line is `// @no-check`, or one fenced with a
 * language other than TypeScript/JavaScript (```sh, ```text). An example that is a single object
 * literal (an aggregation stage, an index spec) is checked as an expression.
 *
 * Flags: `--verbose` lists the exempt examples; `--keep` leaves the generated modules in
 * `node_modules/.cache/check-examples/` for inspection. Exits 1 when an example fails.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packages = [
  { name: 'mongoengine-ts', dir: join(root, 'packages/odm'), fixtures: 'odm' },
  {
    name: '@mongoengine-ts/memory-server',
    dir: join(root, 'packages/memory-server'),
    fixtures: 'memory-server',
  },
] as const;
// Inside the repository, so the examples resolve `mongodb` and `bson` like the sources do.
const workDir = join(root, 'node_modules/.cache/check-examples');
const fixturesDir = join(root, 'scripts/check-examples-fixtures');
const TS_FENCES = new Set(['', 'ts', 'typescript', 'js', 'javascript', 'mts', 'tsx']);

interface Example {
  readonly file: string;
  /** 1-based line of the first code line in the source file. */
  readonly line: number;
  readonly code: string;
  readonly packageDir: string;
}

interface Exempt {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** The `@example` blocks of a file: the lines after the tag up to the next tag or the comment's end. */
function extractExamples(file: string, packageDir: string, exempt: Exempt[]): Example[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const examples: Example[] = [];
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (!inComment && /^\s*\/\*\*/.test(text)) inComment = true;
    if (inComment && /^\s*\*?\s*@example\b/.test(text.replace(/^\s*\/\*\*/, ''))) {
      const body: { text: string; line: number }[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const raw = lines[j]!;
        if (/^\s*\*\//.test(raw)) break;
        const content = raw.replace(/^\s*\* ?/, '');
        if (/^@\w+/.test(content)) break;
        const end = content.indexOf('*/');
        if (end >= 0) {
          body.push({ text: content.slice(0, end), line: j + 1 });
          break;
        }
        body.push({ text: content, line: j + 1 });
      }
      while (body.length > 0 && body[body.length - 1]!.text.trim() === '') body.pop();
      while (body.length > 0 && body[0]!.text.trim() === '') body.shift();
      const where = { file: relative(root, file), line: i + 1 };
      const fence = /^```\s*(\S*)\s*$/.exec(body[0]?.text ?? '');
      let code = body;
      if (fence) {
        const close = body.findIndex((l, k) => k > 0 && l.text.trim() === '```');
        code = body.slice(1, close < 0 ? undefined : close);
        if (!TS_FENCES.has(fence[1]!.toLowerCase())) {
          exempt.push({ ...where, reason: `fenced as '${fence[1]}'` });
          i = j;
          continue;
        }
      }
      if (code.length === 0) {
        exempt.push({ ...where, reason: 'empty' });
      } else if (/^\s*\/\/\s*@no-check\b/.test(code[0]!.text)) {
        exempt.push({ ...where, reason: '@no-check' });
      } else {
        examples.push({
          file: where.file,
          line: code[0]!.line,
          code: code.map((l) => l.text).join('\n'),
          packageDir,
        });
      }
      i = j;
    }
    if (inComment && text.includes('*/')) inComment = false;
  }
  return examples;
}

/** Names an example declares at its top level; the prelude must not import them too. */
function declaredNames(code: string): Set<string> {
  const names = new Set<string>();
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) addBinding(d.name);
    else if (
      (ts.isClassDeclaration(st) ||
        ts.isFunctionDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isEnumDeclaration(st) ||
        ts.isModuleDeclaration(st)) &&
      st.name &&
      ts.isIdentifier(st.name)
    )
      names.add(st.name.text);
    else if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      if (c.name) names.add(c.name.text);
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
      if (c.namedBindings && ts.isNamedImports(c.namedBindings))
        for (const el of c.namedBindings.elements) names.add(el.name.text);
    }
  }
  return names;
}

/** An example that is one object literal (a stage, a spec) is checked as an expression. */
function isBareObjectLiteral(code: string): boolean {
  if (!code.trimStart().startsWith('{')) return false;
  const sf = ts.createSourceFile('x.ts', `(${code})`, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const diagnostics = (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
  return sf.statements.length === 1 && diagnostics.length === 0;
}

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  customConditions: ['@mongoengine-ts/source'],
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  esModuleInterop: true,
  skipLibCheck: true,
  resolveJsonModule: true,
  noEmit: true,
  types: ['node'],
  allowUnreachableCode: true,
  allowUnusedLabels: true,
};

function importPath(from: string, target: string): string {
  const rel = relative(dirname(from), target)
    .replace(/\\/g, '/')
    .replace(/\.mts$/, '.mjs')
    .replace(/\.ts$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function main(): number {
  const started = Date.now();
  const exempt: Exempt[] = [];
  const examples: Example[] = [];
  const files = packages.flatMap((p) =>
    sourceFiles(join(p.dir, 'src')).map((f) => ({ file: f, dir: p.dir })),
  );
  for (const { file, dir } of files) examples.push(...extractExamples(file, dir, exempt));

  // Export names of every source file (with re-exports resolved), from one program over the sources.
  const srcProgram = ts.createProgram(
    files.map((f) => f.file),
    compilerOptions,
  );
  const checker = srcProgram.getTypeChecker();
  const exportsOf = new Map<string, string[]>();
  const exportNames = (file: string): string[] => {
    let names = exportsOf.get(file);
    if (!names) {
      const sf = srcProgram.getSourceFile(file);
      const symbol = sf && checker.getSymbolAtLocation(sf);
      names = symbol
        ? checker
            .getExportsOfModule(symbol)
            .map((s) => s.name)
            .filter((n) => n !== 'default')
        : [];
      exportsOf.set(file, names);
    }
    return names;
  };

  // Names exported by exactly one declaration anywhere in a package: examples of one file often
  // call a sibling module's helper.
  const uniqueNames = new Map<string, Map<string, string>>();
  for (const p of packages) {
    const byName = new Map<string, Set<ts.Symbol>>();
    const declFile = new Map<ts.Symbol, string>();
    for (const { file } of files.filter((f) => f.dir === p.dir)) {
      const sf = srcProgram.getSourceFile(file);
      const symbol = sf && checker.getSymbolAtLocation(sf);
      if (!symbol) continue;
      for (const s of checker.getExportsOfModule(symbol)) {
        const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        if (!byName.has(s.name)) byName.set(s.name, new Set());
        byName.get(s.name)!.add(target);
        if (target === s) declFile.set(target, file);
      }
    }
    const unique = new Map<string, string>();
    for (const [name, symbols] of byName) {
      const only = symbols.size === 1 ? [...symbols][0]! : undefined;
      const file = only && declFile.get(only);
      if (file && name !== 'default') unique.set(name, file);
    }
    uniqueNames.set(p.dir, unique);
  }

  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const fixtures = new Map<string, { file: string; names: string[] }>();
  for (const p of packages) {
    const source = readFileSync(join(fixturesDir, `${p.fixtures}.ts`), 'utf8');
    const file = join(workDir, `fixtures-${p.fixtures}.mts`);
    writeFileSync(
      file,
      source.replace(
        /from '\.\.\/\.\.\/packages\/([^']+)'/g,
        (_, path: string) => `from '${importPath(file, join(root, 'packages', path))}'`,
      ),
    );
    const names = [
      ...source.matchAll(/^export (?:declare )?(?:const|let|class|function|type|interface) (\w+)/gm),
    ].map((m) => m[1]!);
    for (const m of source.matchAll(/^export \{([^}]+)\} from/gm))
      names.push(
        ...m[1]!
          .split(',')
          .map((n) =>
            n
              .trim()
              .split(/\s+as\s+/)
              .pop()!,
          )
          .filter(Boolean),
      );
    fixtures.set(p.dir, { file, names });
  }

  const generated = new Map<string, { example: Example; preludeLines: number }>();
  examples.forEach((example, n) => {
    const path = join(workDir, `ex${n}.mts`);
    const local = declaredNames(example.code);
    const taken = new Set(local);
    const imports: string[] = [];
    const importFrom = (target: string, names: readonly string[]): void => {
      const wanted = names.filter((name) => !taken.has(name));
      for (const name of wanted) taken.add(name);
      if (wanted.length > 0) imports.push(`import { ${wanted.join(', ')} } from '${target}';`);
    };
    const sourceFile = join(root, example.file);
    importFrom(importPath(path, sourceFile), exportNames(sourceFile));
    const indexFile = join(example.packageDir, 'src/index.ts');
    importFrom(importPath(path, indexFile), exportNames(indexFile));
    const byFile = new Map<string, string[]>();
    for (const [name, file] of uniqueNames.get(example.packageDir)!) {
      if (taken.has(name) || file === sourceFile) continue;
      const list = byFile.get(file) ?? [];
      list.push(name);
      byFile.set(file, list);
    }
    const fixture = fixtures.get(example.packageDir)!;
    // Fixtures before sibling modules' names: `User`, `doc`, `ctx` mean the sample values.
    importFrom(importPath(path, fixture.file), fixture.names);
    for (const [file, names] of byFile) importFrom(importPath(path, file), names);
    const wrap = isBareObjectLiteral(example.code);
    const prelude = [...imports, wrap ? 'void (' : ''];
    const body = wrap ? `${example.code}\n);` : example.code;
    writeFileSync(path, `${prelude.join('\n')}\n${body}\nexport {};\n`);
    generated.set(path, { example, preludeLines: prelude.length });
  });

  const program = ts.createProgram([...generated.keys()], compilerOptions, undefined, srcProgram);
  const failures = new Map<Example, string[]>();
  let otherErrors = 0;
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    const target = diagnostic.file && generated.get(diagnostic.file.fileName);
    if (!diagnostic.file || !target) {
      otherErrors++;
      const where = diagnostic.file ? relative(root, diagnostic.file.fileName) : 'options';
      console.log(`${where}: TS${diagnostic.code}: ${message}`);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const sourceLine = target.example.line + Math.max(0, line - target.preludeLines);
    const list = failures.get(target.example) ?? [];
    list.push(`${target.example.file}:${sourceLine}: TS${diagnostic.code}: ${message}`);
    failures.set(target.example, list);
  }
  for (const list of failures.values()) for (const line of list) console.log(line);
  if (process.argv.includes('--verbose'))
    for (const e of exempt) console.log(`exempt ${e.file}:${e.line} (${e.reason})`);
  const reasons = new Map<string, number>();
  for (const e of exempt)
    reasons.set(
      e.reason.startsWith('fenced') ? 'other fence' : e.reason,
      (reasons.get(e.reason.startsWith('fenced') ? 'other fence' : e.reason) ?? 0) + 1,
    );
  const exemptText = [...reasons].map(([r, n]) => `${n} ${r}`).join(', ');
  console.log(
    `${examples.length} examples checked from ${new Set(examples.map((e) => e.file)).size} files: ${failures.size} failing; ${exempt.length} exempt${exemptText ? ` (${exemptText})` : ''}. ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (!process.argv.includes('--keep')) rmSync(workDir, { recursive: true, force: true });
  return failures.size > 0 || otherErrors > 0 ? 1 : 0;
}

process.exitCode = main();
