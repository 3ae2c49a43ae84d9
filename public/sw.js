// Zicht service worker. scripts/post-build.mjs fills in the version (a hash of
// every built file) and the list of files to precache.
const VERSION = '__ZICHT_VERSION__';
const PRECACHE = __ZICHT_PRECACHE__;
const CACHE = `zicht-${VERSION}`;
// Deployment settings may change without a new build: try the network first.
const NETWORK_FIRST = new Set(['/config.json']);

self.addEventListener('install', (event) => {
  // No skipWaiting here: a new version waits until the user chooses to reload.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('zicht-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === 'navigate') {
    // Every route is the same app: answer from the cache so deep links work offline.
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match('/index.html')).then((hit) => hit || fetch(request)),
    );
    return;
  }
  if (NETWORK_FIRST.has(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
          }
          return response;
        })
        .catch(() => caches.match(url.pathname, { cacheName: CACHE }).then((hit) => hit || Response.error())),
    );
    return;
  }
  event.respondWith(
    caches.match(url.pathname, { cacheName: CACHE }).then((hit) => hit || fetch(request)),
  );
});
