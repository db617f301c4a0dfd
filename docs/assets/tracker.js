/* The tracker's page scripts: no library, no request to any other host.
 * - tables sort by a click on their header (Vietnamese alphabetical order), and filter with the box placed before
 *   them; on a phone their secondary columns fold, with a button to show them;
 * - badges are re-flagged as overdue when the reader's date (in Vietnam) has passed their deadline;
 * - the search page matches queries without diacritics against a small index. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  function vietnamToday() {
    // en-CA formats as YYYY-MM-DD; the time zone makes it Vietnam's date whatever the reader's zone.
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit",
    }).format(new Date());
  }

  function vnDate(iso) {
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }

  function daysBetween(fromIso, toIso) {
    return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 86400000);
  }

  // -- freshness ------------------------------------------------------------------------------------------
  function reflag() {
    var asof = document.querySelector("[data-asof]");
    if (!asof) return;
    var today = vietnamToday();
    if (today <= asof.getAttribute("data-asof")) return;
    var changed = 0;
    document.querySelectorAll("span[data-deadline]").forEach(function (badge) {
      var deadline = badge.getAttribute("data-deadline");
      if (deadline < today && !badge.classList.contains("tk-overdue")) {
        var days = daysBetween(deadline, today);
        badge.className = "tk-overdue tk-reflagged";
        badge.textContent = "Quá hạn";
        badge.title = "Quá hạn " + days + " ngày tính đến ngày xem " + vnDate(today);
        changed += 1;
      }
    });
    var note = document.createElement("p");
    note.className = "tk-stale";
    note.setAttribute("role", "status");
    note.textContent = "Hôm nay là " + vnDate(today) + ", sau ngày tính số liệu " +
      vnDate(asof.getAttribute("data-asof")) + "." +
      (changed ? " " + changed + " nhiệm vụ đã qua hạn tính đến hôm nay được đánh dấu lại là quá hạn." : "");
    asof.parentNode.insertBefore(note, asof.nextSibling);
  }

  // -- sorting and filtering ----------------------------------------------------------------------------
  function sortKey(text) {
    var t = text.trim();
    var d = t.match(/^(\d{2})\/(\d{2})\/(\d{4})/);
    if (d) return { n: Number(d[3] + d[2] + d[1]) };
    var share = t.match(/^(\d+)\/(\d+)\b/);  // "2/3 (67%)": by the share, then by the count
    if (share) return { n: Number(share[2]) ? Number(share[1]) / Number(share[2]) + Number(share[1]) * 1e-9 : -1 };
    var n = t.replace(/%$/, "").replace(/\s/g, "");
    if (n !== "" && !isNaN(Number(n))) return { n: Number(n) };
    return { s: t };
  }

  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
    if (a.n !== undefined) return -1;
    if (b.n !== undefined) return 1;
    return VIETNAMESE.compare(a.s, b.s);
  }

  // Vietnamese alphabetical order (a ă â b c d đ …, tones after the base letter): the order the server sorts
  // its lists in (ICU's Vietnamese collation, generator/core/collation.py), so a click agrees with the page.
  var VIETNAMESE = new Intl.Collator("vi");

  function sortable(table) {
    table.setAttribute("data-tk-sortable", "");  // a class would lose Material's table style
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, column) {
      th.setAttribute("tabindex", "0");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var keyed = rows.map(function (row, i) {
          return { row: row, i: i, key: sortKey(row.cells[column] ? row.cells[column].textContent : "") };
        });
        keyed.sort(function (x, y) { return (ascending ? 1 : -1) * compare(x.key, y.key) || x.i - y.i; });
        keyed.forEach(function (k) { body.appendChild(k.row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  }

  function filterable(input) {
    var table = nextTable(input);
    if (!table) return;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(" ").filter(Boolean);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = fold(row.textContent);
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }

  // -- folding on a phone ---------------------------------------------------------------------------
  // <table data-fold="3 6">: on a narrow screen those columns hide (CSS), and a button before the table shows them
  // again, so no text is out of reach.
  function foldable(table) {
    var columns = (table.getAttribute("data-fold") || "").split(" ").filter(Boolean).map(Number);
    if (!columns.length) return;
    table.setAttribute("data-tk-fold", "");  // a class would lose Material's table style
    Array.prototype.forEach.call(table.rows, function (row) {
      columns.forEach(function (c) { if (row.cells[c - 1]) row.cells[c - 1].classList.add("tk-fold"); });
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tk-unfold md-button";
    button.setAttribute("aria-expanded", "false");
    button.textContent = "Hiện tất cả các cột";
    button.addEventListener("click", function () {
      var open = !table.hasAttribute("data-tk-unfolded");
      if (open) table.setAttribute("data-tk-unfolded", ""); else table.removeAttribute("data-tk-unfolded");
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? "Thu gọn các cột phụ" : "Hiện tất cả các cột";
    });
    var outer = table.closest(".md-typeset__scrollwrap") || table;  // Material wraps tables in a scrolling box
    outer.parentNode.insertBefore(button, outer);
  }

  function nextTable(from) {
    var all = Array.prototype.slice.call(document.querySelectorAll(".md-content table"));
    return all.filter(function (t) {
      return from.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING;
    })[0];
  }

  // -- search -------------------------------------------------------------------------------------------
  var KINDS = { agency: "Cơ quan", directive: "Văn bản", task: "Nhiệm vụ" };

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), document.baseURI || location.href);
  }

  function search(input) {
    var root = siteRoot();
    var count = document.getElementById("tk-search-count");
    var list = document.getElementById("tk-search-results");
    var index = null;
    fetch(new URL("data/tim-kiem.json", root)).then(function (r) { return r.json(); }).then(function (data) {
      index = data.map(function (e) { return [e[0], e[1], e[2], " " + fold(e[1] + " " + e[3]) + " "]; });
      if (input.value) run();
    });
    function run() {
      if (!index) return;
      var words = fold(input.value).split(" ").filter(Boolean);
      list.textContent = "";
      if (!words.length) { count.textContent = ""; return; }
      var found = index.filter(function (e) {
        return words.every(function (w) { return e[3].indexOf(" " + w) >= 0; });
      });
      count.textContent = found.length + " kết quả";
      found.slice(0, 100).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = new URL(e[2], root).href;
        a.textContent = e[1];
        li.appendChild(document.createTextNode(KINDS[e[0]] + ": "));
        li.appendChild(a);
        list.appendChild(li);
      });
    }
    input.addEventListener("input", run);
  }

  function init() {
    reflag();
    document.querySelectorAll(".md-content table").forEach(function (t) { if (t.tHead) sortable(t); });
    document.querySelectorAll("[data-filter-next-table]").forEach(filterable);
    document.querySelectorAll(".md-content table[data-fold]").forEach(foldable);
    var box = document.getElementById("tk-search");
    if (box) search(box);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
