// The console page: xterm.js on a WebSocket to the portal, which proxies the machine's serial console. ES2017, no
// framework. Without script, or where xterm cannot start (older TV browsers), the link to the text console stays.
(function () {
  'use strict';
  var box = document.getElementById('console');
  var screen = document.getElementById('terminal');
  if (!box || !screen || typeof window.Terminal !== 'function' || !window.FitAddon || !window.WebSocket || !window.TextEncoder ||
      !window.MutationObserver || !('adoptedStyleSheets' in document) || !window.ConsoleRetry) { return; }

  // xterm writes its colours and cell sizes into <style> elements, which the CSP (no unsafe-inline) leaves unapplied;
  // their rules go into a constructed style sheet instead, which CSP does not govern. Only xterm's own elements.
  var sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  new MutationObserver(function () {
    sheet.replaceSync(Array.prototype.map.call(screen.querySelectorAll('style'), function (s) { return s.textContent; }).join('\n'));
  }).observe(screen, { childList: true, subtree: true, characterData: true });

  var fontSize = function () { return window.innerWidth >= 1600 ? 20 : 15; }; // larger on a TV, as the page's type is
  var term = new window.Terminal({ fontSize: fontSize(), scrollback: 2000, theme: { background: '#101820', foreground: '#e8e8e8' } });
  var fit = new window.FitAddon.FitAddon();
  term.loadAddon(fit);
  box.hidden = false;
  term.open(screen);
  document.getElementById('text-console-link').hidden = true;
  var refit = function () {
    if (term.options.fontSize !== fontSize()) { term.options.fontSize = fontSize(); }
    try { fit.fit(); } catch (e) { /* not laid out yet */ }
  };
  refit();
  window.addEventListener('resize', function () { window.requestAnimationFrame(refit); });
  // Tab goes to the machine; Shift+Tab leaves the terminal, so the keyboard is never trapped in it.
  term.attachCustomKeyEventHandler(function (e) { return !(e.key === 'Tab' && e.shiftKey); });

  var state = document.getElementById('console-state');
  var again = document.getElementById('console-reconnect');
  var encoder = new TextEncoder();
  var socket = null;
  var show = function (text, tone) { state.textContent = text; state.className = 'console-state ' + tone; };
  // KubeVirt drops text frames: every byte goes as binary.
  var send = function (bytes) { if (socket && socket.readyState === 1) { socket.send(bytes); } };
  var type = function (text) { send(encoder.encode(text)); };

  var retry = null;
  var connect = function () {
    retry.connecting();
    again.hidden = true;
    show('Connecting…', 'busy');
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + box.getAttribute('data-socket'));
    socket.binaryType = 'arraybuffer';
    socket.onopen = function () { retry.opened(); show('Connected', 'good'); };
    socket.onmessage = function (e) { retry.working(); term.write(typeof e.data === 'string' ? e.data : new Uint8Array(e.data)); };
    socket.onclose = function (e) {
      socket = null;
      again.hidden = false;
      retry.closed(e.code, e.reason);
    };
  };
  retry = window.ConsoleRetry(show, connect);
  again.addEventListener('click', function () { retry.working(); connect(); });
  term.onData(type);
  term.onBinary(function (data) { send(Uint8Array.from(data, function (c) { return c.charCodeAt(0) & 255; })); });

  var keys = { 'ctrl-c': '\x03', 'ctrl-d': '\x04', esc: '\x1b', tab: '\t', up: 'A', down: 'B', right: 'C', left: 'D' };
  box.querySelector('.console-keys').addEventListener('click', function (e) {
    var button = e.target.closest('button[data-key]');
    if (!button) { return; }
    var key = keys[button.getAttribute('data-key')];
    // Arrows as the terminal's cursor mode wants them (ESC O A in application mode, ESC [ A otherwise).
    type(key.length === 1 && key >= 'A' && key <= 'D' ? (term.modes.applicationCursorKeysMode ? '\x1bO' : '\x1b[') + key : key);
    if (e.detail > 0) { term.focus(); } // a tap or click: back to typing; a keyboard press stays on the bar
  });

  var pasteForm = document.getElementById('paste-form');
  var pasteText = document.getElementById('paste-text');
  var openPaste = function () { pasteForm.hidden = false; pasteText.focus(); };
  document.getElementById('console-paste').addEventListener('click', function () {
    if (!navigator.clipboard || !navigator.clipboard.readText) { openPaste(); return; }
    navigator.clipboard.readText().then(function (text) { if (text) { term.paste(text); term.focus(); } else { openPaste(); } }, openPaste);
  });
  pasteForm.addEventListener('submit', function (e) {
    e.preventDefault();
    term.paste(pasteText.value);
    pasteText.value = '';
    pasteForm.hidden = true;
    term.focus();
  });
  document.getElementById('paste-cancel').addEventListener('click', function () { pasteForm.hidden = true; });

  var full = document.getElementById('console-fullscreen');
  var setFull = function (on) {
    box.classList.toggle('full', on);
    full.setAttribute('aria-pressed', String(on));
    refit();
  };
  full.addEventListener('click', function () {
    var on = !box.classList.contains('full');
    var asked = on && box.requestFullscreen ? box.requestFullscreen() : null;
    if (asked && asked.catch) { asked.catch(function () { /* the console fills the window instead */ }); }
    if (!on && document.fullscreenElement) { document.exitFullscreen(); }
    setFull(on);
  });
  document.addEventListener('fullscreenchange', function () { if (!document.fullscreenElement) { setFull(false); } else { refit(); } });

  connect();
  term.focus();
})();
