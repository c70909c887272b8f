// Enhancements only: every page works without this file. ES2017 at most, so the Chromium 56+ engines of older
// TV browsers run it; no framework. Text from the server is moved as DOM nodes, never parsed from strings we build.
(function () {
  'use strict';

  // A machine on its way somewhere: re-read the page every 3 s and swap in its live region, until it settles.
  var live = document.getElementById('live');
  if (live && live.getAttribute('data-live') === 'refresh' && window.fetch && window.DOMParser) {
    var timer = setInterval(function () {
      fetch(window.location.pathname + window.location.search, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var fresh = doc.getElementById('live');
          var current = document.getElementById('live');
          if (!fresh || !current) { return; }
          // The live region and the parts that follow it (power buttons, conditions, events); never a form being typed in.
          (current.getAttribute('data-live-parts') || '').split(' ').concat(['live']).forEach(function (id) {
            var now = document.getElementById(id);
            var next = doc.getElementById(id);
            if (id && now && next && !now.contains(document.activeElement)) { now.parentNode.replaceChild(document.importNode(next, true), now); }
          });
          if (fresh.getAttribute('data-live') !== 'refresh') { clearInterval(timer); }
        })
        .catch(function () { /* the next tick tries again */ });
    }, 3000);
  }

  // Delete: the button waits until the name is typed (the server checks it as well).
  var confirmInput = document.getElementById('delete-confirm');
  if (confirmInput) {
    var button = document.querySelector('#delete-form button[type="submit"]');
    var check = function () { button.disabled = confirmInput.value.trim() !== confirmInput.getAttribute('data-expect'); };
    confirmInput.addEventListener('input', check);
    check();
  }
})();
