// The create page: the disk and fit follow the choice (without script: Recalculate). ES2017; textContent only.
(function () {
  'use strict';
  var form = document.getElementById('create-form');
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var url = form.getAttribute('data-recommend');
  var pending = 0;

  function refresh() {
    var query = new URLSearchParams();
    ['Plan', 'Cpu', 'MemoryGi', 'Image', 'Disk', 'DiskGi'].forEach(function (name) {
      var field = form.querySelector('[name="Form.' + name + '"]:checked') || form.querySelector('select[name="Form.' + name + '"], input[name="Form.' + name + '"]:not([type="radio"])');
      if (field) { query.set(name, field.value); }
    });
    var ticket = ++pending;
    fetch(url + '&' + query.toString(), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) {
        if (!answer || ticket !== pending) { return; }
        var recommendation = document.getElementById('recommendation');
        recommendation.textContent = '';
        var strong = document.createElement('strong');
        strong.textContent = 'Recommended: ' + answer.recommendation;
        recommendation.appendChild(strong);
        var disk = document.getElementById('field-DiskGi');
        if (answer.sizeGi) { disk.placeholder = answer.sizeGi; }
        var summary = document.getElementById('fit-summary');
        summary.textContent = answer.fit || 'Choose a size to see whether it fits.';
        summary.className = 'state ' + (answer.fit && answer.fit.indexOf('It fits') === 0 ? 'good' : 'warn');
        var lines = document.getElementById('fit-lines');
        lines.textContent = '';
        (answer.fitLines || []).forEach(function (line) {
          var item = document.createElement('li');
          item.textContent = line;
          lines.appendChild(item);
        });
      })
      .catch(function () { /* keep what is shown; Recalculate still works */ });
  }

  form.addEventListener('change', refresh);
  form.addEventListener('input', function (event) {
    if (event.target && event.target.name === 'Form.MemoryGi') { refresh(); }
  });
  var recalculate = document.getElementById('recalculate');
  if (recalculate) { recalculate.hidden = true; }
})();
