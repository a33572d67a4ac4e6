// Lists exported names that no other file imports: `node scripts/dead-exports.mjs`.
// A text match, not a type check: it does not resolve which module an import names, so it errs
// towards "used"; `DEAD` names are not even used in their own file, `local` ones only there (the
// `export` can go). Next's own exports in app/ (route handlers, default, generateMetadata…), the
// bench groups (loaded with import()) and db/schema tables (used as schema.<table>) are expected.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const files = execSync("git ls-files '*.ts' '*.tsx' '*.mts' '*.mjs'", { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const text = Object.fromEntries(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
const NEXT = new Set([
  'default',
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'generateMetadata',
  'register',
]);
const declared =
  /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/gm;
const namedImport = /(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*['"][^'"]+['"]/gs;
// `const { a } = await import('…')` and `import('…').then((m) => m.a)`
const dynamicImport = /const\s*\{([^}]*)\}\s*=\s*await\s+import\(/g;

const imported = new Set();
for (const src of Object.values(text)) {
  for (const m of [...src.matchAll(namedImport), ...src.matchAll(dynamicImport)]) {
    for (const part of m[1].split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+|\s*:\s*/)[0];
      if (name) imported.add(name);
    }
  }
  for (const m of src.matchAll(/\bm\.([\w$]+)/g)) imported.add(m[1]);
}

const found = [];
for (const [file, src] of Object.entries(text)) {
  for (const [, name] of src.matchAll(declared)) {
    if (imported.has(name) || (NEXT.has(name) && /^(app\/|instrumentation)/.test(file))) continue;
    const uses = src.match(new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`, 'g'))?.length ?? 0;
    found.push(`${uses > 1 ? 'local' : 'DEAD '} ${file} ${name}`);
  }
}
console.log(found.sort().join('\n'));
