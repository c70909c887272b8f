// The graphical console page: noVNC (loaded on this page only) on a WebSocket to the portal, which proxies the VMI's
// vnc subresource. A module, ES2017 otherwise; browsers without modules keep the link to the text console.
import RFB from '/vendor/novnc/core/rfb.js';

var box = document.getElementById('display');
var screen = document.getElementById('screen');
if (box && screen && window.WebSocket && window.ConsoleRetry) {
  var machine = box.getAttribute('data-machine');
  var state = document.getElementById('display-state');
  var again = document.getElementById('display-reconnect');
  var rfb = null;
  var closed = null;
  var show = function (text, tone) { state.textContent = text; state.className = 'console-state ' + tone; };
  var retry = window.ConsoleRetry(show, function () { connect(); });
  document.getElementById('display-needs-script').hidden = true;
  box.hidden = false;

  // Tab goes to the machine (noVNC takes every key); Shift+Tab leaves the screen, so the keyboard is never trapped.
  screen.addEventListener('keydown', function (e) { if (e.key === 'Tab' && e.shiftKey) { e.stopPropagation(); } }, true);

  var connect = function () {
    retry.connecting();
    again.hidden = true;
    closed = null;
    show('Connecting…', 'busy');
    // The socket is ours, so its close code and reason (why it ended) can be shown; noVNC speaks RFB over it.
    var socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + box.getAttribute('data-socket'));
    socket.addEventListener('close', function (e) { closed = e; });
    rfb = new RFB(screen, socket, { shared: true });
    rfb.scaleViewport = true;
    rfb.addEventListener('connect', function () {
      retry.opened();
      retry.working();
      show('Connected', 'good');
      var canvas = screen.querySelector('canvas');
      canvas.tabIndex = 0;
      canvas.setAttribute('aria-label', 'Screen of ' + machine + ': what you type here goes to the machine');
    });
    rfb.addEventListener('disconnect', function () {
      rfb = null;
      again.hidden = false;
      // The socket's close event may come after noVNC's; wait a moment for its code and reason.
      setTimeout(function () { retry.closed(closed ? closed.code : 1006, closed ? closed.reason : ''); }, 50);
    });
  };

  again.addEventListener('click', function () { retry.working(); connect(); });
  document.getElementById('display-cad').addEventListener('click', function (e) {
    if (!rfb) { return; }
    rfb.sendCtrlAltDel();
    if (e.detail > 0) { rfb.focus(); } // a tap or click: back to typing; a keyboard press stays on the bar
  });
  document.getElementById('display-shot').addEventListener('click', function () {
    if (!rfb) { return; }
    var now = new Date();
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    var stamp = now.getFullYear() + two(now.getMonth() + 1) + two(now.getDate()) + '-' + two(now.getHours()) + two(now.getMinutes()) + two(now.getSeconds());
    rfb.toBlob(function (blob) {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = machine + '-' + stamp + '.png';
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    }, 'image/png');
  });
  connect();
}
