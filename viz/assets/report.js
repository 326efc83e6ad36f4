// The review pack's chronology table: filter and search the embedded entries, a page at a time.
// Text goes into the page only through textContent and option values, never as markup.
(function () {
  "use strict";
  var state = window.jointchron;
  var rows = (state.data.shared || {}).entries || [];
  var config = state.data.table || {};
  var PAGE = 300;
  var body = document.getElementById("chronology-rows");
  var count = document.getElementById("chronology-count");
  var more = document.getElementById("chronology-more");
  var search = document.getElementById("filter-text");
  var agency = document.getElementById("filter-agency");
  var kind = document.getElementById("filter-kind");
  var person = document.getElementById("filter-person");
  var clear = document.getElementById("filter-clear");
  var haystacks = null;
  var matching = [];
  var shown = PAGE;

  function fill(select, values) {
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
  }

  function haystack(row) {
    return [row.w, row.a.join(" "), row.k, row.p, row.s, row.src, row.st || ""]
      .join(" ").toLowerCase();
  }

  function filter() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length && haystacks === null) { haystacks = rows.map(haystack); }
    var wantAgency = agency.value, wantKind = kind.value;
    var wantPerson = person.value ? "|" + person.value + "|" : "";
    matching = [];
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (wantAgency && row.a.indexOf(wantAgency) < 0) { continue; }
      if (wantKind && row.k !== wantKind) { continue; }
      if (wantPerson && (row.f || "").indexOf(wantPerson) < 0) { continue; }
      if (words.length && !words.every(function (w) { return haystacks[i].indexOf(w) >= 0; })) { continue; }
      matching.push(i);
    }
    shown = PAGE;
    render();
  }

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text;
    tr.appendChild(td);
  }

  function render() {
    var fragment = document.createDocumentFragment();
    var last = Math.min(shown, matching.length);
    for (var n = 0; n < last; n++) {
      var i = matching[n], row = rows[i];
      var tr = document.createElement("tr");
      tr.id = "entry-" + i;
      [row.w, row.a.join(", "), row.k, row.p, row.s, row.src, (row.st || "").replace(/_/g, " ")]
        .forEach(function (text) { cell(tr, text); });
      fragment.appendChild(tr);
    }
    body.replaceChildren(fragment);
    count.textContent = "Showing " + last.toLocaleString("en-GB") + " of " +
      matching.length.toLocaleString("en-GB") + " matching entries (" + rows.length.toLocaleString("en-GB") +
      " in all).";
    more.hidden = last >= matching.length;
  }

  function reset() {
    search.value = ""; agency.value = ""; kind.value = ""; person.value = "";
  }

  // A link to #entry-N (from the gaps table) shows that row, whatever the filters were.
  function reveal() {
    var found = /^#entry-(\d+)$/.exec(window.location.hash);
    if (!found) { return; }
    var i = Number(found[1]);
    if (!(i < rows.length)) { return; }
    reset();
    filter();
    shown = Math.max(PAGE, i + 1);
    render();
    var tr = document.getElementById("entry-" + i);
    Array.prototype.forEach.call(body.querySelectorAll("tr.target"), function (old) { old.classList.remove("target"); });
    tr.classList.add("target");
    tr.scrollIntoView({ block: "center" });
  }

  var timer = null;
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(filter, 150); });
  [agency, kind, person].forEach(function (select) { select.addEventListener("change", filter); });
  clear.addEventListener("click", function () { reset(); filter(); });
  more.addEventListener("click", function () { shown += PAGE * 5; render(); });
  window.addEventListener("hashchange", reveal);
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-entry]") : null;
    if (link && link.getAttribute("href") === window.location.hash) { reveal(); }
  });

  fill(agency, config.agencies || []);
  fill(kind, config.kinds || []);
  fill(person, config.children || []);
  filter();
  reveal();
  state.table = { matching: function () { return matching.length; } };
})();
