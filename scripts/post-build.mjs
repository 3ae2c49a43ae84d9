// Trunk post_build hook (also usable by hand: `node scripts/post-build.mjs DIR`).
// From Trunk it first splits the WebAssembly module (split-wasm.mjs): the hooks
// of one stage may run in parallel, so the order is kept here, in one hook.
// Then it writes into the built folder:
//  - sw.js with the list of every built file and a version derived from their
//    contents, so any change to any file gives a new cache and an update prompt;
//  - build.json with that version, which the app shows in its settings.
// After the split and before those two it prerenders the shell and Home into
// index.html (prerender.mjs), so the version covers the HTML as shipped.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { splitWasm } from './split-wasm.mjs';
import { prerender } from './prerender.mjs';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: give the built folder as argument or run from Trunk');
  process.exit(1);
}

if (process.env.TRUNK_STAGING_DIR) {
  const release = process.env.TRUNK_PROFILE === 'release';
  try {
    const written = splitWasm(dir, { release });
    console.log(`post-build: split WebAssembly into ${written.join(', ')}`);
    // boot.js is a copied file, which Trunk does not minify; it is on the first load.
    if (release) execFileSync('terser', [join(dir, 'boot.js'), '--compress', '--mangle', '-o', join(dir, 'boot.js')]);
    // The first paint: shell and Home as HTML (scripts/prerender.mjs).
    const bytes = await prerender(dir);
    console.log(`post-build: prerendered the shell and Home into index.html (${bytes} bytes)`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

const GENERATED = new Set(['sw.js', 'build.json']);
function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(dir)
  .map((path) => relative(dir, path).split(sep).join('/'))
  .filter((rel) => !GENERATED.has(rel))
  .sort();
const hash = createHash('sha256');
for (const rel of files) {
  hash.update(rel);
  hash.update('\0');
  hash.update(readFileSync(join(dir, rel)));
  hash.update('\0');
}
const version = hash.digest('hex').slice(0, 12);

writeFileSync(join(dir, 'build.json'), JSON.stringify({ version, files: files.length }) + '\n');
const precache = ['/build.json', ...files.map((rel) => `/${rel}`)];
const swPath = join(dir, 'sw.js');
const template = readFileSync(swPath, 'utf8');
if (!template.includes('__ZICHT_VERSION__') || !template.includes('__ZICHT_PRECACHE__')) {
  console.error(`post-build: ${swPath} has no placeholders (was it processed already?)`);
  process.exit(1);
}
writeFileSync(
  swPath,
  template.replace('__ZICHT_VERSION__', version).replace('__ZICHT_PRECACHE__', JSON.stringify(precache)),
);
console.log(`post-build: version ${version}, ${precache.length} files precached`);
