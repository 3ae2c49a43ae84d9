// Renders the PNG app icons from public/icons/*.svg with headless Debian
// chromium. The PNGs are committed; run this after changing an SVG.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [svg, prefix] of [['icon.svg', 'icon'], ['icon-maskable.svg', 'icon-maskable']]) {
  const markup = readFileSync(new URL(`../public/icons/${svg}`, import.meta.url), 'utf8');
  for (const size of [192, 512]) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${markup}`);
    await page.screenshot({ path: new URL(`../public/icons/${prefix}-${size}.png`, import.meta.url).pathname, omitBackground: true });
  }
}
await browser.close();
console.log('icons written');
