// Loads the app and keeps the service worker in step. A file of its own, not an
// inline script, so the Content-Security-Policy can forbid inline code.
import init from '/zicht.js';

performance.mark('app:boot');

// The deployed version, shown in the settings; build.json is precached.
fetch('/build.json')
  .then((response) => (response.ok ? response.json() : null))
  .then((build) => {
    if (!build) return;
    window.zichtBuildVersion = build.version;
    window.dispatchEvent(new Event('zicht-build'));
  })
  .catch(() => {});

init({ module_or_path: '/zicht_bg.wasm' }).catch((error) => {
  console.error('Zicht could not start', error);
  document.body.dataset.startError = 'true';
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent =
    'Zicht kon niet starten. Vernieuw de pagina; lukt het dan nog niet, gebruik een recente browser. ' +
    '/ Zicht could not start. Reload the page, or use a recent browser.';
  document.body.append(message);
});

// A new deployment waits until the user chooses to reload, so code is never
// swapped under someone halfway through an observation. The app shows the prompt
// when `zicht-update` fires (or the flag is already set) and calls
// `zichtApplyUpdate()` when the user agrees.
let waitingWorker = null;
let userAskedForUpdate = false;
function announce(worker) {
  waitingWorker = worker;
  window.zichtUpdateWaiting = true;
  window.dispatchEvent(new Event('zicht-update'));
}
window.zichtApplyUpdate = () => {
  userAskedForUpdate = true;
  if (waitingWorker) waitingWorker.postMessage({ type: 'SKIP_WAITING' });
  else location.reload();
};

if ('serviceWorker' in navigator) {
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install takes control without a reload; a new version reloads
    // once, and only after the user asked for it.
    if (!userAskedForUpdate || reloading) return;
    reloading = true;
    location.reload();
  });
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) announce(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const worker = registration.installing;
        if (!worker) return;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) announce(worker);
        });
      });
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') registration.update().catch(() => {});
      });
    })
    .catch((error) => console.warn('Service worker not registered', error));
}
