/* Madang network pages: members-over-time chart (Chart.js) and the tie graph (Cytoscape.js).
   Data comes from <script type="application/json"> blocks (json_script), so the CSP stays 'self'. */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function membersChart() {
    var series = readJSON("members-series");
    var canvas = document.getElementById("members-chart");
    if (!series || !canvas || typeof window.Chart === "undefined") return;
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: series.map(function (row) { return row.month; }),
        datasets: [{ label: canvas.dataset.label || "", data: series.map(function (row) { return row.members; }),
          borderColor: "#256ef4", backgroundColor: "rgba(37,110,244,0.12)", fill: true, tension: 0.2, pointRadius: 0 }]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }

  var KIND_COLOURS = { civic: "#256ef4", community: "#1a9c5b", social_economy: "#d97706", nonprofit: "#7c3aed",
    intermediary: "#db2777", public: "#475569", other: "#64748b" };

  function tieGraph() {
    var data = readJSON("network-graph-data");
    var container = document.getElementById("network-graph");
    if (!data || !container || typeof window.cytoscape === "undefined") return;
    var cy = window.cytoscape({
      container: container,
      elements: data.elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "background-color": function (n) { return KIND_COLOURS[n.data("kind")] || "#64748b"; },
          "border-width": function (n) { return n.data("member") ? 3 : 0; },
          "border-color": "#0b3b91",
          "width": function (n) { return 8 + Math.min(30, 2 * n.data("degree")); },
          "height": function (n) { return 8 + Math.min(30, 2 * n.data("degree")); },
          "label": "data(label)", "font-size": 9, "color": "#1e2124", "text-valign": "bottom",
          "min-zoomed-font-size": 8 } },
        { selector: "edge", style: { "width": 1, "line-color": "#b1b8be", "opacity": 0.7, "curve-style": "haystack" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#f59e0b" } }
      ],
      layout: { name: data.elements.length > 1500 ? "grid" : "cose", animate: false, randomize: false,
        nodeRepulsion: 8000, idealEdgeLength: 60, numIter: 600 }
    });
    cy.on("tap", "node", function (evt) {
      var url = evt.target.data("url");
      if (url) window.location.href = url;
    });
    window.madangNetworkGraph = cy;
    container.dataset.ready = "true";
    container.dataset.nodes = String(cy.nodes().length);
  }

  document.addEventListener("DOMContentLoaded", function () {
    membersChart();
    tieGraph();
  });
})();
