/* d3viz viewer (theano-xla): shows a graphviz SVG of a Theano graph and makes it interactive.
 * Self-contained, no libraries, no network. Pan (drag the background), zoom (wheel, buttons), drag nodes,
 * node and edge details on hover (tooltip) and click (details panel). The page's data sits in the
 * <script id="d3viz-data"> element: {svg: graphviz SVG markup, nodes: {dot id: attributes}, dot: DOT text}.
 * A page address ending in #node=<dot id> opens with that node selected (its details shown).
 */
(function () {
  "use strict";

  var LABELS = {label: "Label", node_type: "Node type", apply_op: "Op", dtype: "Type", tag: "Defined at",
                profile: "Profile", subg: "Inner graph", subg_map_inputs: "Input map", subg_map_outputs: "Output map"};

  var data = JSON.parse(document.getElementById("d3viz-data").textContent);
  var container = document.getElementById("d3viz-graph");
  var tooltip = document.getElementById("d3viz-tooltip");
  var details = document.getElementById("d3viz-details");
  var view = {x: 0, y: 0, k: 1};
  var nodes = {};   // dot id -> {g, dx, dy, shape, details}
  var edges = [];   // {g, src, dst, path, arrow, texts, d, arrowPoints, textPos}
  var svg, viewport, root;

  function el(tag) { return document.createElementNS(svg.namespaceURI, tag); }

  function escapeHtml(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function formatValue(key, value) {
    if (key === "tag") {
      var parts = value.split("\t");
      return parts.length >= 2 ? parts[0] + ":" + parts[1] + (parts[2] ? "  " + parts[2] : "") : value;
    }
    if (key === "profile") {
      var p = value.split("\t").map(Number);
      if (p.length === 2 && p[1] > 0) { return p[0].toFixed(6) + " s (" + (100 * p[0] / p[1]).toFixed(2) + " %)"; }
    }
    return value;
  }

  function detailsHtml(id) {
    var info = (nodes[id] && nodes[id].details) || {};
    var rows = ["<tr><td class='d3viz-key'>Id</td><td>" + escapeHtml(id) + "</td></tr>"];
    Object.keys(LABELS).forEach(function (key) {
      if (info[key] !== undefined && info[key] !== "") {
        rows.push("<tr><td class='d3viz-key'>" + LABELS[key] + "</td><td>" +
                  escapeHtml(formatValue(key, info[key])) + "</td></tr>");
      }
    });
    return "<table class='d3viz-attrs'>" + rows.join("") + "</table>";
  }

  function edgeHtml(edge) {
    var label = edge.texts.map(function (t) { return t.textContent; }).join(" ");
    return "<table class='d3viz-attrs'><tr><td class='d3viz-key'>Edge</td><td>" + escapeHtml(edge.src) +
           " &rarr; " + escapeHtml(edge.dst) + "</td></tr>" +
           (label ? "<tr><td class='d3viz-key'>Type</td><td>" + escapeHtml(label) + "</td></tr>" : "") + "</table>";
  }

  function applyView() {
    viewport.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")");
  }

  function fit() {
    var box = viewport.getBBox();
    var w = container.clientWidth, h = container.clientHeight;
    if (!box.width || !box.height || !w || !h) { return; }
    var k = Math.min(w / box.width, h / box.height, 2) * 0.95;
    view.k = k;
    view.x = (w - box.width * k) / 2 - box.x * k;
    view.y = (h - box.height * k) / 2 - box.y * k;
    applyView();
  }

  function zoomAt(factor, cx, cy) {
    var k = Math.max(0.05, Math.min(20, view.k * factor));
    view.x = cx - (cx - view.x) * k / view.k;
    view.y = cy - (cy - view.y) * k / view.k;
    view.k = k;
    applyView();
  }

  function center(node) {
    var b = node.box;
    return {x: b.x + b.width / 2 + node.dx, y: b.y + b.height / 2 + node.dy, a: b.width / 2, b: b.height / 2};
  }

  function boundary(c, ux, uy, shape) {
    // distance from a node's centre to its outline along the unit direction (ux, uy)
    var t;
    if (shape === "ellipse") {
      t = 1 / Math.sqrt((ux / c.a) * (ux / c.a) + (uy / c.b) * (uy / c.b));
    } else {
      t = 1 / Math.max(Math.abs(ux) / c.a, Math.abs(uy) / c.b);
    }
    return isFinite(t) ? t : 0;
  }

  function redrawEdge(edge) {
    var s = nodes[edge.src], t = nodes[edge.dst];
    if (!s || !t) { return; }
    if (!s.dx && !s.dy && !t.dx && !t.dy) {  // both where graphviz put them: graphviz's curve
      edge.path.setAttribute("d", edge.d);
      if (edge.arrow) { edge.arrow.setAttribute("points", edge.arrowPoints); }
      edge.texts.forEach(function (txt, i) { txt.setAttribute("x", edge.textPos[i][0]); txt.setAttribute("y", edge.textPos[i][1]); });
      return;
    }
    var a = center(s), b = center(t);
    var vx = b.x - a.x, vy = b.y - a.y, len = Math.sqrt(vx * vx + vy * vy) || 1;
    var ux = vx / len, uy = vy / len;
    var p0 = {x: a.x + ux * boundary(a, ux, uy, s.shape), y: a.y + uy * boundary(a, ux, uy, s.shape)};
    var tip = {x: b.x - ux * boundary(b, -ux, -uy, t.shape), y: b.y - uy * boundary(b, -ux, -uy, t.shape)};
    var base = {x: tip.x - ux * 10, y: tip.y - uy * 10};
    edge.path.setAttribute("d", "M" + p0.x + "," + p0.y + "L" + base.x + "," + base.y);
    if (edge.arrow) {
      edge.arrow.setAttribute("points", [tip.x + "," + tip.y, (base.x - uy * 3.5) + "," + (base.y + ux * 3.5),
                                         (base.x + uy * 3.5) + "," + (base.y - ux * 3.5), tip.x + "," + tip.y].join(" "));
    }
    edge.texts.forEach(function (txt, i) {
      txt.setAttribute("x", (p0.x + tip.x) / 2 + 6);
      txt.setAttribute("y", (p0.y + tip.y) / 2 + 14 * i);
    });
  }

  function moveNode(id, dx, dy) {
    var node = nodes[id];
    node.dx = dx;
    node.dy = dy;
    node.g.setAttribute("transform", "translate(" + dx + "," + dy + ")");
    node.edges.forEach(redrawEdge);
  }

  function showTooltip(html, evt) {
    tooltip.innerHTML = html;
    tooltip.classList.remove("d3viz-hidden");
    var x = evt.clientX + 14, y = evt.clientY + 14;
    if (x + tooltip.offsetWidth > window.innerWidth) { x = evt.clientX - tooltip.offsetWidth - 14; }
    if (y + tooltip.offsetHeight > window.innerHeight) { y = evt.clientY - tooltip.offsetHeight - 14; }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  function hideTooltip() { tooltip.classList.add("d3viz-hidden"); }

  function select(id) {
    Object.keys(nodes).forEach(function (n) { nodes[n].g.classList.toggle("d3viz-selected", n === id); });
    if (id === null) { details.classList.add("d3viz-hidden"); return; }
    details.innerHTML = "<span class='d3viz-close' title='Close'>&times;</span>" + detailsHtml(id);
    details.classList.remove("d3viz-hidden");
    details.querySelector(".d3viz-close").addEventListener("click", function () { select(null); });
  }

  function titleOf(g) {
    var title = g.querySelector("title");
    var text = title ? title.textContent : "";
    if (title) { title.parentNode.removeChild(title); }  // our tooltip replaces the browser's
    return text;
  }

  function build() {
    container.innerHTML = data.svg;
    svg = container.querySelector("svg");
    ["width", "height", "viewBox"].forEach(function (a) { svg.removeAttribute(a); });
    svg.setAttribute("width", "100%");
    svg.setAttribute("height", "100%");
    root = svg.querySelector("g.graph") || svg.querySelector("g");
    viewport = el("g");
    viewport.setAttribute("id", "d3viz-viewport");
    svg.insertBefore(viewport, root);
    viewport.appendChild(root);
    var background = root.querySelector("polygon");  // graphviz's white page: panning happens on it too
    if (background && background.parentNode === root) { background.setAttribute("class", "d3viz-background"); }

    Array.prototype.forEach.call(root.querySelectorAll("g.node"), function (g) {
      var id = titleOf(g);
      g.setAttribute("data-name", id);
      g.classList.add("d3viz-node");
      var info = data.nodes[id] || {};
      if (info.node_type) { g.setAttribute("data-node-type", info.node_type); }
      nodes[id] = {g: g, dx: 0, dy: 0, box: g.getBBox(), edges: [], details: info,
                   shape: g.querySelector("ellipse") ? "ellipse" : "box"};
    });
    Array.prototype.forEach.call(root.querySelectorAll("g.edge"), function (g) {
      var ends = titleOf(g).split("->");
      var path = g.querySelector("path");
      if (!path || ends.length !== 2) { return; }
      var arrow = g.querySelector("polygon");
      var texts = Array.prototype.slice.call(g.querySelectorAll("text"));
      var edge = {g: g, src: ends[0], dst: ends[1], path: path, arrow: arrow, texts: texts, d: path.getAttribute("d"),
                  arrowPoints: arrow ? arrow.getAttribute("points") : null,
                  textPos: texts.map(function (t) { return [t.getAttribute("x"), t.getAttribute("y")]; })};
      g.classList.add("d3viz-edge");
      edges.push(edge);
      [edge.src, edge.dst].forEach(function (n) { if (nodes[n]) { nodes[n].edges.push(edge); } });
      g.addEventListener("mousemove", function (evt) { showTooltip(edgeHtml(edge), evt); });
      g.addEventListener("mouseleave", hideTooltip);
    });
  }

  function listen() {
    var drag = null;  // {kind: "pan"|"node", id, x0, y0, ox, oy, moved}
    container.addEventListener("mousedown", function (evt) {
      if (evt.button !== 0) { return; }
      var g = evt.target.closest ? evt.target.closest("g.node") : null;
      if (g) {
        var n = nodes[g.getAttribute("data-name")];
        drag = {kind: "node", id: g.getAttribute("data-name"), x0: evt.clientX, y0: evt.clientY, ox: n.dx, oy: n.dy,
                moved: false};
      } else {
        drag = {kind: "pan", x0: evt.clientX, y0: evt.clientY, ox: view.x, oy: view.y, moved: false};
        container.classList.add("d3viz-panning");
      }
      evt.preventDefault();
    });
    window.addEventListener("mousemove", function (evt) {
      if (!drag) {
        var g = evt.target.closest ? evt.target.closest("g.node") : null;
        if (g && container.contains(g)) { showTooltip(detailsHtml(g.getAttribute("data-name")), evt); }
        else if (!(evt.target.closest && evt.target.closest("g.edge"))) { hideTooltip(); }
        return;
      }
      var dx = evt.clientX - drag.x0, dy = evt.clientY - drag.y0;
      if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
      if (!drag.moved) { return; }
      hideTooltip();
      if (drag.kind === "pan") {
        view.x = drag.ox + dx;
        view.y = drag.oy + dy;
        applyView();
      } else {
        moveNode(drag.id, drag.ox + dx / view.k, drag.oy + dy / view.k);
      }
    });
    window.addEventListener("mouseup", function () {
      if (drag && !drag.moved) { select(drag.kind === "node" ? drag.id : null); }
      drag = null;
      container.classList.remove("d3viz-panning");
    });
    container.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      var r = container.getBoundingClientRect();
      zoomAt(evt.deltaY < 0 ? 1.15 : 1 / 1.15, evt.clientX - r.left, evt.clientY - r.top);
    }, {passive: false});
    document.getElementById("d3viz-fit").addEventListener("click", fit);
    document.getElementById("d3viz-zoom-in").addEventListener("click", function () {
      zoomAt(1.25, container.clientWidth / 2, container.clientHeight / 2);
    });
    document.getElementById("d3viz-zoom-out").addEventListener("click", function () {
      zoomAt(0.8, container.clientWidth / 2, container.clientHeight / 2);
    });
    document.getElementById("d3viz-reset").addEventListener("click", function () {
      Object.keys(nodes).forEach(function (id) { moveNode(id, 0, 0); });
      fit();
    });
    window.addEventListener("resize", fit);
  }

  build();
  listen();
  fit();
  var wanted = /^#node=(.+)$/.exec(window.location.hash);
  if (wanted && nodes[decodeURIComponent(wanted[1])]) { select(decodeURIComponent(wanted[1])); }
  // what the page drew, for people and tests: the node and edge counts once the script has run
  document.body.setAttribute("data-d3viz-nodes", String(Object.keys(nodes).length));
  document.body.setAttribute("data-d3viz-edges", String(edges.length));
  document.body.setAttribute("data-d3viz-ready", "true");
}());
