// Splits the app's WebAssembly at its `#[lazy]` split points (src/screens.rs)
// so the first load carries only the shell and Home. Run by post-build.mjs from
// Trunk's post_build hook; Trunk compiles the crate, this step replaces the
// single module Trunk produced with a main module and one chunk per area.
//
// Trunk has no splitting of its own, so the steps are those of
// `cargo leptos --split`: the linker keeps relocations (`--emit-relocs` in
// .cargo/config.toml), `wasm-split-cli` cuts the module Cargo produced,
// `wasm-bindgen` generates the glue for the main part, and `wasm-opt -Oz`
// shrinks every part; terser minifies the JavaScript. The tools come from
// crates.io or npm (scripts/setup).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CRATE = 'zicht';
// The loader wasm-split-cli writes; it fetches the chunks.
const LOADER = '__wasm_split.js';

// wasm-opt warns once per function about the label names wasm-split-cli
// keeps; they are dropped anyway, so the warning is noise in the build log.
const NOISE = /^warning: unknown name subsection with id 3 at \d+$/;

function run(tool, args) {
  const result = spawnSync(tool, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  for (const line of (result.stderr || '').split('\n')) {
    if (line && !NOISE.test(line)) console.error(line);
  }
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status}`;
    throw new Error(`split-wasm: ${tool} ${args.join(' ')} failed (${why})`);
  }
}

function cargoTargetDir() {
  if (process.env.CARGO_TARGET_DIR) return process.env.CARGO_TARGET_DIR;
  const metadata = execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], {
    encoding: 'utf8',
  });
  return JSON.parse(metadata).target_directory;
}

/// Rewrites `stagingDir`'s zicht.js and zicht_bg.wasm into a split build.
/// Returns the names of the files it wrote.
export function splitWasm(stagingDir, { release }) {
  const targetDir = cargoTargetDir();
  const input = join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${CRATE}.wasm`);
  if (!existsSync(input)) throw new Error(`split-wasm: ${input} not found (did Cargo build it?)`);

  const work = join(targetDir, 'zicht-split');
  const bindgenDir = join(work, 'bindgen');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(bindgenDir, { recursive: true });

  run('wasm-split-cli', [input, work, '--target', 'web', '--out-name', CRATE]);
  run('wasm-bindgen', [
    '--target', 'web',
    '--no-typescript',
    '--keep-lld-exports',
    '--out-name', CRATE,
    '--out-dir', bindgenDir,
    join(work, `${CRATE}.wasm`),
  ]);

  // Chunks and the loader sit beside the main glue: the loader imports
  // `./zicht.js` and fetches chunks relative to its own URL.
  const written = [];
  const place = (from, name) => {
    copyFileSync(from, join(stagingDir, name));
    written.push(name);
  };
  place(join(bindgenDir, `${CRATE}.js`), `${CRATE}.js`);
  place(join(bindgenDir, `${CRATE}_bg.wasm`), `${CRATE}_bg.wasm`);
  if (existsSync(join(bindgenDir, 'snippets'))) {
    cpSync(join(bindgenDir, 'snippets'), join(stagingDir, 'snippets'), { recursive: true });
    written.push('snippets/');
  }
  for (const name of readdirSync(work)) {
    if (name === `${CRATE}.wasm` || name === 'bindgen') continue;
    if (name.endsWith('.wasm') || name.endsWith('.js')) place(join(work, name), name);
  }

  if (release) {
    for (const name of written.filter((n) => n.endsWith('.wasm'))) {
      const path = join(stagingDir, name);
      run('wasm-opt', [
        '-Oz',
        '--enable-bulk-memory',
        '--enable-nontrapping-float-to-int',
        '--enable-sign-ext',
        '--enable-mutable-globals',
        '--enable-reference-types',
        '--enable-multivalue',
        path,
        '-o',
        path,
      ]);
    }
  }
  nameChunksByContent(stagingDir, written);
  if (release) {
    // Trunk minifies the glue it writes; these replace it, so minify them too.
    for (const name of written.filter((n) => n.endsWith('.js'))) {
      const path = join(stagingDir, name);
      run('terser', [path, '--module', '--compress', '--mangle', '-o', path]);
    }
  }
  return written;
}

/// Gives every chunk a name derived from its content, in `written` and in the
/// loader. A page still running an older main module then never receives a
/// chunk of a newer build under the same name (which could link and misbehave):
/// it gets its own version's chunk from the service worker, or a failed fetch,
/// which the app shows as "kon niet laden".
function nameChunksByContent(stagingDir, written) {
  const loaderPath = join(stagingDir, LOADER);
  let loader = readFileSync(loaderPath, 'utf8');
  for (const [index, name] of written.entries()) {
    if (!name.endsWith('.wasm') || name === `${CRATE}_bg.wasm`) continue;
    const hash = createHash('sha256').update(readFileSync(join(stagingDir, name))).digest('hex').slice(0, 16);
    const hashed = name.replace(/\.wasm$/, `-${hash}.wasm`);
    const reference = `"./${name}"`;
    if (!loader.includes(reference)) throw new Error(`split-wasm: ${LOADER} does not load ${name}`);
    loader = loader.replaceAll(reference, `"./${hashed}"`);
    renameSync(join(stagingDir, name), join(stagingDir, hashed));
    written[index] = hashed;
  }
  writeFileSync(loaderPath, loader);
}
