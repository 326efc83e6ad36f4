// Draws every chart the page carries. Data comes only from the JSON element (never from markup),
// and a chart may name a dataset the page shares (e.g. the chronology also shown as a table).
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("jc-data").textContent);
  var state = { data: data, views: {}, ready: false, readyAt: null, errors: [],
                timings: { scriptStart: started, parsed: performance.now() } };
  window.jointchron = state;
  var charts = data.charts || {};
  var shared = data.shared || {};

  // Rows arrive by column (see rows.pack): rebuild one object per row, leaving out empty keys. A column
  // few rows have comes as their positions (`at`) and values.
  function unpack(value) {
    if (!value || typeof value.packed !== "number") { return value; }
    var rows = new Array(value.packed);
    var keys = Object.keys(value.columns);
    for (var i = 0; i < value.packed; i++) { rows[i] = {}; }
    keys.forEach(function (key) {
      var column = value.columns[key];
      var distinct = column.distinct, index = column.index, values = column.values, at = column.at;
      if (at) {
        for (var j = 0; j < at.length; j++) { rows[at[j]][key] = values[j]; }
        return;
      }
      for (var i = 0; i < value.packed; i++) {
        var v = distinct ? (index[i] === null ? null : distinct[index[i]]) : values[i];
        if (v !== null && v !== undefined) { rows[i][key] = v; }
      }
    });
    return rows;
  }
  Object.keys(shared).forEach(function (key) { shared[key] = unpack(shared[key]); });
  state.timings.unpacked = performance.now();

  // The chart's plots take the page's width (never less than `least` px): what is not plot (axis labels,
  // the key) is measured once drawn, and the plots get the rest, again whenever the page is resized.
  function follow(target, view, least) {
    var svgOrCanvas = function () { return target.querySelector("svg.marks, canvas"); };
    function fit() {
      var drawn = svgOrCanvas();
      if (!drawn) { return Promise.resolve(); }
      var around = drawn.getBoundingClientRect().width - view.width();
      var style = window.getComputedStyle(target);
      var inside = target.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      var wanted = Math.max(least, Math.floor(inside - around - 2));
      if (Math.abs(wanted - view.width()) < 2) { return Promise.resolve(); }
      return view.width(wanted).runAsync();
    }
    var timer = null;
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        clearTimeout(timer);
        timer = setTimeout(function () { fit(); }, 150);
      }).observe(target);
    }
    return fit();
  }

  function draw(name) {
    var chart = charts[name];
    var spec = chart.spec;
    var datasets = {};
    Object.keys(chart.datasets || {}).forEach(function (key) {
      var value = chart.datasets[key];
      datasets[key] = typeof value === "string" ? shared[value] || [] : unpack(value);
    });
    spec.datasets = datasets;
    var target = document.getElementById("chart-" + name);
    return vegaEmbed(target, spec, chart.options).then(function (result) {
      state.views[name] = result.view;
      return result.view.runAsync().then(function () {
        if (chart.fit) { return follow(target, result.view, chart.fit); }
      }).then(function () { state.timings[name] = performance.now(); });
    }).catch(function (error) {
      state.errors.push(String(error));
      target.textContent = "This chart could not be drawn: " + String(error);
      throw error;
    });
  }

  Promise.all(Object.keys(charts).map(draw)).then(function () {
    state.ready = true;
    state.readyAt = performance.now();
    document.dispatchEvent(new Event("jointchron:ready"));
  }).catch(function (error) {
    console.error(error);
  });
})();
