// Enhancements only: every page works without this file. ES2017 at most, so the Chromium 56+ engines of older
// TV browsers run it; no framework. Text from the server is moved as DOM nodes, never parsed from strings we build.
(function () {
  'use strict';

  // Live pages follow their machines over server-sent events (one shared watch in the portal, not one per page).
  // A row's words are swapped in place; anything else (a machine added or gone, a gap) re-reads the page once.
  var live = document.getElementById('live');
  var stream = live && live.getAttribute('data-stream');
  if (stream && window.EventSource && window.fetch && window.DOMParser) {
    var onMachinePage = stream.indexOf('machine=') >= 0;
    var pending = null;
    var source = null;

    var swap = function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var current = document.getElementById('live');
      if (!doc.getElementById('live') || !current) { return; }
      // The live region and the parts that follow it (power buttons, conditions, events, pager); never a form being typed in.
      (current.getAttribute('data-live-parts') || '').split(' ').concat(['live']).forEach(function (id) {
        var now = document.getElementById(id);
        var next = doc.getElementById(id);
        if (id && now && next && !now.contains(document.activeElement)) { now.parentNode.replaceChild(document.importNode(next, true), now); }
      });
    };

    var reread = function () {
      if (pending) { return; }
      pending = setTimeout(function () {
        pending = null;
        fetch(window.location.pathname + window.location.search, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html !== null) { swap(html); } })
          .catch(function () { /* the next change tries again */ });
      }, 250);
    };

    // Rows are found by the name in their first cell and cells by the labels the phone layout already uses, so the
    // page carries no markup for the script alone.
    var rows = function () { return document.querySelectorAll('#live tbody tr'); };
    var nameOf = function (tr) { return tr.cells[0].textContent.trim(); };
    var rowOf = function (name) {
      var all = rows();
      for (var i = 0; i < all.length; i++) { if (nameOf(all[i]) === name) { return all[i]; } }
      return null;
    };

    // Would a machine not shown here be listed on this page (names in order, fifty to a page)?
    var belongsHere = function (name) {
      var all = rows();
      var region = document.getElementById('live');
      if (!all.length || !region || !region.hasAttribute('data-page-full')) { return true; }
      return name < nameOf(all[all.length - 1]) && (window.location.search.indexOf('after=') < 0 || name > nameOf(all[0]));
    };

    var cell = function (tr, label) { return tr.querySelector('td[data-label="' + label + '"]'); };

    var apply = function (m) {
      if (onMachinePage) {
        if (m.deleted) {
          var state = document.getElementById('machine-state');
          if (state) { state.textContent = 'deleted'; state.className = 'state idle'; }
          source.close();
          return;
        }
        reread();
        return;
      }
      var tr = rowOf(m.name);
      if (!tr || m.deleted) {
        if (tr || belongsHere(m.name)) { reread(); }
        return;
      }
      var status = cell(tr, 'Status');
      var st = status && status.querySelector('.state');
      if (st) { st.textContent = m.state; st.className = 'state ' + m.tone; }
      var why = status && status.querySelector('.why');
      if (status && m.why && !why) { why = document.createElement('span'); why.className = 'why'; status.appendChild(why); }
      if (why) { why.textContent = m.why || ''; why.hidden = !m.why; }
      [['vCPU', m.cpu], ['Memory', m.memory], ['Disk', m.disk], ['Node', m.node], ['Address', m.address]].forEach(function (pair) {
        var td = cell(tr, pair[0]);
        if (td && typeof pair[1] === 'string') { td.textContent = pair[1]; }
      });
    };

    var connect = function () {
      source = new EventSource(stream);
      source.addEventListener('machine', function (e) {
        try { apply(JSON.parse(e.data)); } catch (err) { reread(); }
      });
      source.addEventListener('resync', reread);
      source.addEventListener('error', function () {
        // The browser retries a dropped stream itself; a refused one (signed out, 404) is tried again slowly.
        if (source.readyState === 2) { setTimeout(connect, 30000); }
      });
    };
    connect();
  }

  // Copy buttons copy the text of the element they name (the ssh line). Delegated, so a live swap keeps them working;
  // where the Clipboard API is missing or refused the text is selected for the person to copy.
  document.documentElement.className += ' scripted';
  document.addEventListener('click', function (e) {
    var button = e.target && e.target.closest ? e.target.closest('[data-copy]') : null;
    var source = button && document.getElementById(button.getAttribute('data-copy'));
    if (!source) { return; }
    var status = button.getAttribute('aria-describedby') && document.getElementById(button.getAttribute('aria-describedby'));
    var say = function (text) { if (status) { status.textContent = text; } };
    var select = function () {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      say('Selected: press Ctrl+C to copy');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () { say('Copied'); }, select);
    } else {
      select();
    }
  });

  // Delete: the button waits until the name is typed (the server checks it as well).
  var confirmInput = document.getElementById('delete-confirm');
  if (confirmInput) {
    var button = document.querySelector('#delete-form button[type="submit"]');
    var check = function () { button.disabled = confirmInput.value.trim() !== confirmInput.getAttribute('data-expect'); };
    confirmInput.addEventListener('input', check);
    check();
  }
})();
