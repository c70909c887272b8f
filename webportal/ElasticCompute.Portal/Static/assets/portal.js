// Enhancements only. ES2017 (old TV browsers). Server text moves as DOM nodes, never parsed.
(function () {
  'use strict';

  // Live pages: server-sent events. A row's words swap in place; anything else re-reads the page once.
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
      // The live region and what follows it; never a form being typed in.
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

    // Rows by their first cell's name, cells by the phone layout's labels.
    var rows = function () { return document.querySelectorAll('#live tbody tr'); };
    var nameOf = function (tr) { return tr.cells[0].textContent.trim(); };
    var rowOf = function (name) {
      var all = rows();
      for (var i = 0; i < all.length; i++) { if (nameOf(all[i]) === name) { return all[i]; } }
      return null;
    };

    // Would a machine not shown be listed on this page (names in order, fifty a page)?
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
        // A dropped stream is retried by the browser; a refused one slowly here.
        if (source.readyState === 2) { setTimeout(connect, 30000); }
      });
    };
    connect();
  }

  // Copy buttons (the ssh line), delegated so live swaps keep them; without the Clipboard API the text is selected.
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

  // Delete waits for the name to be typed (the server checks too).
  var confirmInput = document.getElementById('delete-confirm');
  if (confirmInput) {
    var button = document.querySelector('#delete-form button[type="submit"]');
    var check = function () { button.disabled = confirmInput.value.trim() !== confirmInput.getAttribute('data-expect'); };
    confirmInput.addEventListener('input', check);
    check();
  }
})();
