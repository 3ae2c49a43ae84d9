// Loads the app and keeps the service worker in step. A file of its own, not an
// inline script, so the Content-Security-Policy can forbid inline code.
//
// A classic script in <head>, run before the body is parsed: the page holds the
// shell and Home prerendered by the build (scripts/prerender.mjs), and on any
// other path the first paint has to show the shell with "Scherm laden…" instead
// of Home. The module itself (/zicht.js, /zicht_bg.wasm) is preloaded by
// <link>s in index.html and started here; it mounts over the prerendered page.
(function () {
  'use strict';
  performance.mark('app:boot');

  var root = document.documentElement;
  var path = location.pathname;
  if (path !== '/') {
    // Read by style/first-paint.css before the first paint.
    root.setAttribute('data-first-paint', 'screen');
  }

  // Styles of practice mode and /ontvangen: not on the prerendered page, so
  // added by script, which never holds up the first paint. At once when they
  // may be needed for the first screen, else once it is there (so they are
  // not part of the first load).
  var lateStylesAdded = false;
  function addLateStyles() {
    if (lateStylesAdded) return;
    lateStylesAdded = true;
    ['/training.css', '/receiver.css'].forEach(function (href) {
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      document.head.appendChild(link);
    });
  }
  var practice = false;
  try {
    practice = localStorage.getItem('zicht.practice') === 'true';
  } catch (error) {
    // Storage refused (private mode): practice mode is then off.
  }
  if (practice || /^\/(training|ontvangen)(\/|$)/.test(path)) addLateStyles();
  else whenReady(addLateStyles);

  var parsed = new Promise(function (resolve) {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', resolve, { once: true });
  });

  // Once parsed, the DOM follows what the styles already show on a deep link:
  // no Home content, the loading line announced, the right tab current.
  parsed.then(function () {
    if (path === '/') return;
    var app = document.getElementById('app');
    if (!app || !app.hasAttribute('data-prerendered')) return;
    var main = app.querySelector('main');
    if (main) main.replaceChildren();
    var loading = app.querySelector('.route-loading');
    if (loading) loading.hidden = false;
    var top = '/' + path.split('/')[1];
    app.querySelectorAll('.bottom-nav a').forEach(function (link) {
      if (link.getAttribute('href') === top) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    });
  });

  // The deployed version, shown in the settings; build.json is precached.
  fetch('/build.json')
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (build) {
      if (!build) return;
      window.zichtBuildVersion = build.version;
      window.dispatchEvent(new Event('zicht-build'));
    })
    .catch(function () {});

  function startFailed(error) {
    console.error('Zicht could not start', error);
    parsed.then(function () {
      document.body.dataset.startError = 'true';
      var message = document.createElement('p');
      message.setAttribute('role', 'alert');
      message.textContent =
        'Zicht kon niet starten. Vernieuw de pagina; lukt het dan nog niet, gebruik een recente browser. ' +
        '/ Zicht could not start. Reload the page, or use a recent browser.';
      document.body.append(message);
    });
  }

  // The glue's fetch of the module is a plain same-origin `fetch(url)`, the
  // request the <link rel="preload" as="fetch" crossorigin> made, so it is
  // answered by the preload. The app mounts only into a fully parsed page.
  // The app mounts into <div id="app"> beside the prerendered page; then that
  // page goes (takeOver).
  Promise.all([import('/zicht.js'), parsed])
    .then(function (loaded) {
      var app = document.getElementById('app');
      var prerendered = app && app.hasAttribute('data-prerendered') ? Array.prototype.slice.call(app.children) : [];
      return loaded[0].default({ module_or_path: '/zicht_bg.wasm' }).then(function () {
        // The router renders the first screen in microtasks after the mount;
        // a frame's callbacks run after those and before that frame is
        // painted, so no frame shows both pages, or neither.
        if (prerendered.length) requestAnimationFrame(function () {
          takeOver(app, prerendered);
        });
      });
    })
    .catch(startFailed);

  // Removes the prerendered nodes and keeps what the user did meanwhile: the
  // focused element (found at the same place in the app's tree, which is the
  // same tree) and the scroll position (set again once layout has settled).
  function takeOver(app, prerendered) {
    var x = window.scrollX;
    var y = window.scrollY;
    var mounted = Array.prototype.filter.call(app.children, function (node) {
      return prerendered.indexOf(node) < 0;
    });
    var focus = focusPath(prerendered, document.activeElement);
    prerendered.forEach(function (node) {
      node.remove();
    });
    app.removeAttribute('data-prerendered');
    if (focus && mounted[focus.top]) refocus(mounted[focus.top], focus.path, 10);
    if (x || y) {
      window.scrollTo(x, y);
      afterFrames(2, function () {
        window.scrollTo(x, y);
      });
    }
  }

  function focusPath(roots, active) {
    for (var top = 0; top < roots.length; top++) {
      if (!active || !roots[top].contains(active)) continue;
      var path = [];
      for (var node = active; node !== roots[top]; node = node.parentElement) {
        path.unshift(Array.prototype.indexOf.call(node.parentElement.children, node));
      }
      return { top: top, path: path };
    }
    return null;
  }

  // Focuses the element at `path` below `root`; if its screen is not rendered
  // yet, tries again in the next frames.
  function refocus(root, path, tries) {
    var node = root;
    for (var i = 0; i < path.length && node; i++) node = node.children[path[i]];
    if (node && typeof node.focus === 'function') node.focus({ preventScroll: true });
    else if (tries > 0) afterFrames(1, function () {
      refocus(root, path, tries - 1);
    });
  }

  function afterFrames(n, then) {
    requestAnimationFrame(function () {
      if (n <= 1) then();
      else afterFrames(n - 1, then);
    });
  }

  // A new deployment waits until the user chooses to reload, so code is never
  // swapped under someone halfway through an observation. The app shows the prompt
  // when `zicht-update` fires (or the flag is already set) and calls
  // `zichtApplyUpdate()` when the user agrees.
  var waitingWorker = null;
  var userAskedForUpdate = false;
  function announce(worker) {
    waitingWorker = worker;
    window.zichtUpdateWaiting = true;
    window.dispatchEvent(new Event('zicht-update'));
  }
  window.zichtApplyUpdate = function () {
    userAskedForUpdate = true;
    if (waitingWorker) waitingWorker.postMessage({ type: 'SKIP_WAITING' });
    else location.reload();
  };

  // Calls `then` once, when the first screen is in the document (the app's
  // `app:ready` mark).
  function whenReady(then) {
    var done = false;
    function once() {
      if (done) return;
      done = true;
      then();
    }
    if (performance.getEntriesByName('app:ready').length > 0) return once();
    try {
      var observer = new PerformanceObserver(function (list) {
        if (list.getEntriesByName('app:ready').length > 0) {
          observer.disconnect();
          once();
        }
      });
      observer.observe({ type: 'mark', buffered: true });
    } catch (error) {
      window.addEventListener('load', once, { once: true });
    }
  }

  // The service worker's precache would compete with the first load for the
  // network, so it registers only once the first screen is there.
  if ('serviceWorker' in navigator) {
    whenReady(function () {
      var reloading = false;
      navigator.serviceWorker.addEventListener('controllerchange', function () {
        // The first install takes control without a reload; a new version reloads
        // once, and only after the user asked for it.
        if (!userAskedForUpdate || reloading) return;
        reloading = true;
        location.reload();
      });
      navigator.serviceWorker
        .register('/sw.js', { scope: '/' })
        .then(function (registration) {
          if (registration.waiting && navigator.serviceWorker.controller) announce(registration.waiting);
          registration.addEventListener('updatefound', function () {
            var worker = registration.installing;
            if (!worker) return;
            worker.addEventListener('statechange', function () {
              if (worker.state === 'installed' && navigator.serviceWorker.controller) announce(worker);
            });
          });
          document.addEventListener('visibilitychange', function () {
            if (document.visibilityState === 'visible') registration.update().catch(function () {});
          });
        })
        .catch(function (error) {
          console.warn('Service worker not registered', error);
        });
    });
  }
})();
