// What each split area costs when it is first opened (a figure, not a test):
// its own chunk plus every shared chunk it loads, in brotli KB, read from the
// loader the build writes (`__wasm_split.js`). Given two builds, it prints
// both and the difference, e.g. to measure what a feature adds to the chunk
// that carries it (build once with the feature stubbed out into another dist).
// Usage: node scripts/split-sizes.mjs [dist] [other-dist]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const brotli = (path) => brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);

// Every loader in the (minified) file: `name=[wrap(]c(()=>{…fetch(new URL("./file"…},[deps])`.
function areas(dist) {
  const loader = readFileSync(join(dist, '__wasm_split.js'), 'utf8');
  const pattern = /([\w$]+)=(?:[\w$]+\()?[\w$]+\(\(\)=>\{const t=fetch\(new URL\("\.\/([^"]+)",import\.meta\.url\)\);return t\.catch\(\(\)=>\{\}\),async e=>WebAssembly\.instantiateStreaming\(t,e\)\},\[([^\]]*)\]/g;
  const loaders = {};
  for (const [, name, file, deps] of loader.matchAll(pattern)) {
    loaders[name.replace(/^__wasm_split_load_/, '')] = { file, deps: deps.split(',').filter(Boolean) };
  }
  const sizes = {};
  for (const [name, { file, deps }] of Object.entries(loaders)) {
    if (!file.startsWith('split_')) continue;
    const files = [file, ...deps.map((dep) => {
      if (!loaders[dep]) throw new Error(`split-sizes: ${dist}/__wasm_split.js: no loader ${dep} (the loader's format changed?)`);
      return loaders[dep].file;
    })];
    sizes[name] = { own: brotli(join(dist, file)), total: files.reduce((sum, f) => sum + brotli(join(dist, f)), 0), files: files.length };
  }
  if (!Object.keys(sizes).length) throw new Error(`split-sizes: ${dist}/__wasm_split.js: no split areas found`);
  return { sizes, main: brotli(join(dist, 'zicht_bg.wasm')) };
}

const [first = 'dist', second] = process.argv.slice(2);
const a = areas(first);
const b = second && areas(second);
console.log(`| area | own chunk | with what it loads | files |${b ? ` ${second} | difference |` : ''}`);
console.log(`| --- | ---: | ---: | ---: |${b ? ' ---: | ---: |' : ''}`);
for (const [name, s] of Object.entries(a.sizes)) {
  const other = b?.sizes[name];
  const tail = b ? ` ${other ? kb(other.total) : '–'} | ${other ? kb(s.total - other.total) : '–'} |` : '';
  console.log(`| ${name} | ${kb(s.own)} | ${kb(s.total)} | ${s.files} |${tail}`);
}
console.log(`| main module | ${kb(a.main)} | | |${b ? ` ${kb(b.main)} | ${kb(a.main - b.main)} |` : ''}`);
