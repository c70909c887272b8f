// The console pages' reconnecting (serial and graphical): after the socket closed, say why and try again after 1, 2,
// 4 ... 30 s, except when another viewer took over (4001) or the cluster refused (4003): then wait for the person.
// ES2017, no framework.
(function () {
  'use strict';
  window.ConsoleRetry = function (show, connect) {
    var attempt = 0;
    var opened = 0;
    var timer = 0;
    return {
      connecting: function () { clearInterval(timer); },
      opened: function () { opened = Date.now(); },
      working: function () { attempt = 0; },
      closed: function (code, reason) {
        if (code === 4001 || code === 4003) { show(reason, 'warn'); return; }
        if (opened && Date.now() - opened > 10000) { attempt = 0; }
        opened = 0;
        var wait = Math.min(30, Math.pow(2, attempt++));
        var stopped = code === 4004 || code === 4009;
        var why = stopped ? reason : 'Disconnected' + (reason ? ': ' + reason : '.');
        var tick = function () {
          if (wait <= 0) { connect(); return; }
          show(why + ' Reconnecting in ' + wait + ' s.', stopped ? 'idle' : 'warn');
          wait--;
        };
        tick();
        timer = setInterval(tick, 1000);
      }
    };
  };
})();
