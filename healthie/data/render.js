"use strict";
(function () {
  function sortKey(cell, numeric) {
    var text = cell.textContent.trim();
    if (!numeric) return text;
    var number = parseFloat(text);
    return isNaN(number) ? "" : number;
  }

  // Sort a claims table by one column; empty cells go last in either direction.
  function sortTable(table, column, descending) {
    var header = table.tHead.rows[0].cells[column];
    var numeric = header.dataset.type === "num";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortKey(a.cells[column], numeric), y = sortKey(b.cells[column], numeric);
      if (x === y) return 0;
      if (x === "") return 1;
      if (y === "") return -1;
      var order = numeric ? x - y : x.localeCompare(y, "zh");
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  document.querySelectorAll("table.claims th").forEach(function (header) {
    header.addEventListener("click", function () {
      sortTable(header.closest("table"), header.cellIndex, header.getAttribute("aria-sort") === "ascending");
    });
  });

  // page.html#sort=value (or #sort=-value) opens every claims table sorted by that column.
  var wanted = /^#sort=(-?)([a-z_]+)$/.exec(location.hash);
  if (wanted) {
    document.querySelectorAll("table.claims th").forEach(function (header) {
      if (header.dataset.column === wanted[2]) sortTable(header.closest("table"), header.cellIndex, wanted[1] === "-");
    });
  }

  // Hovering a value or a claim row outlines the spans the claim links.
  function linked(element) {
    return (element.dataset.links || "").split(" ").map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
  }
  document.querySelectorAll("[data-links]").forEach(function (element) {
    element.addEventListener("mouseenter", function () {
      linked(element).forEach(function (other) { other.classList.add("linked"); });
    });
    element.addEventListener("mouseleave", function () {
      linked(element).forEach(function (other) { other.classList.remove("linked"); });
    });
  });
  document.querySelectorAll("mark[data-claim]").forEach(function (mark) {
    mark.addEventListener("click", function () {
      document.getElementById(mark.dataset.claim).scrollIntoView({block: "center"});
    });
  });

  document.querySelectorAll("input[data-toggle]").forEach(function (box) {
    box.addEventListener("change", function () { document.body.classList.toggle(box.dataset.toggle, box.checked); });
  });
})();
