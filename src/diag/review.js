"use strict";
(function () {
  var data = JSON.parse(document.getElementById("data").textContent);
  var zh = data.lang === "zh";
  var T = zh
    ? { sev: { error: "错误", warning: "警告", info: "提示" }, kind: "类型", value: "数值", unit: "单位", subject: "对象", approx: "约数", at: "位置", rule: "规则", arith: "计算", expected: "应为", stated: "所写", figures: "数字", verified: "核对无误", questioned: "存疑", findings: "问题" }
    : { sev: { error: "error", warning: "warning", info: "info" }, kind: "kind", value: "value", unit: "unit", subject: "measure", approx: "approx.", at: "at", rule: "rule", arith: "arithmetic", expected: "expected", stated: "stated", figures: "figures", verified: "verified", questioned: "questioned", findings: "findings" };
  var figures = {};
  data.figures.forEach(function (f) { figures[f.id] = f; });
  var relationsOf = {};
  // Every figure in a relation is marked as such: green when one held, red when one is questioned.
  data.relations.forEach(function (r, i) {
    r.figures.forEach(function (id) {
      (relationsOf[id] = relationsOf[id] || []).push(i);
      var e = document.getElementById(id);
      if (e) e.classList.add(r.status === "verified" ? "rel-ok" : "rel-bad");
    });
  });
  var detail = document.getElementById("detail");
  var items = Array.prototype.slice.call(document.querySelectorAll("#findings .item"));
  var itemOf = {};
  items.forEach(function (li) { itemOf[li.dataset.i] = li; });
  var current = -1;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function clear() {
    ["lit-head", "lit-part", "current", "selected"].forEach(function (c) {
      Array.prototype.slice.call(document.getElementsByClassName(c)).forEach(function (e) { e.classList.remove(c); });
    });
  }
  function light(relation, from) {
    relation.figures.forEach(function (id, k) {
      var e = document.getElementById(id);
      if (e && id !== from) e.classList.add(k === 0 ? "lit-head" : "lit-part");
    });
  }
  function dl(rows) {
    var d = el("dl");
    rows.forEach(function (r) {
      if (r[1] == null || r[1] === "") return;
      d.appendChild(el("dt", null, r[0]));
      d.appendChild(el("dd", r[2] || null, r[1]));
    });
    return d;
  }
  function shown(f) {
    return f.text + (f.value != null ? " = " + f.value + (f.unit ? " " + f.unit : "") : "");
  }
  function relationLine(r) {
    var p = el("p", "relation " + r.status);
    p.appendChild(el("span", r.status, (r.status === "verified" ? "✓ " + T.verified : "✗ " + T.questioned) + " "));
    p.appendChild(el("code", null, r.rule));
    p.appendChild(document.createTextNode(" "));
    if (r.claim) p.appendChild(el("span", "arith", r.claim));
    return p;
  }
  function show(nodes) {
    detail.textContent = "";
    nodes.forEach(function (n) { detail.appendChild(n); });
    detail.hidden = false;
  }

  function selectFinding(i, scroll) {
    var f = data.findings[i];
    if (!f) return;
    clear();
    current = i;
    var li = itemOf[i];
    if (li) li.classList.add("selected");
    Array.prototype.slice.call(document.querySelectorAll("#text .u")).forEach(function (u) {
      if (u.dataset.f.split(" ").indexOf(String(i)) >= 0) u.classList.add("current");
    });
    var anchor = document.getElementById(data.anchors[i]);
    if (anchor) {
      anchor.classList.add("current");
      if (scroll) anchor.scrollIntoView({ block: "center" });
    }
    data.relations.forEach(function (r) { if (r.finding === i) light(r, null); });
    if (!data.relations.some(function (r) { return r.finding === i; })) {
      f.figures.forEach(function (g) { var e = document.getElementById(g.id); if (e) e.classList.add("lit-part"); });
    }
    var nodes = [el("p", "sev-" + f.severity, T.sev[f.severity] + " [" + f.rule + "] " + f.line + ":" + f.column), el("p", "msg", f.message)];
    nodes.push(dl([
      [T.arith, f.arithmetic, "arith"],
      [T.expected, f.expected],
      [T.stated, f.stated],
      [T.figures, f.figures.map(shown).join("； ")]
    ]));
    show(nodes);
    if (li && li.scrollIntoViewIfNeeded) li.scrollIntoViewIfNeeded(); else if (li) li.scrollIntoView({ block: "nearest" });
  }

  function selectFigure(id) {
    var f = figures[id];
    if (!f) return;
    clear();
    var e = document.getElementById(id);
    if (e) e.classList.add("lit-head");
    var rels = (relationsOf[id] || []).map(function (k) { return data.relations[k]; });
    rels.forEach(function (r) { light(r, id); });
    var nodes = [el("p", "fig-title", f.text)];
    nodes.push(dl([
      [T.kind, f.kind],
      [T.value, f.value_max != null ? f.value + " ~ " + f.value_max : f.value],
      [T.unit, f.unit],
      [T.subject, f.subject],
      [T.approx, f.approx],
      [T.at, f.line + ":" + f.column]
    ]));
    rels.forEach(function (r) { nodes.push(relationLine(r)); });
    var inner = e ? e.querySelectorAll(".u") : [];
    var seen = {};
    Array.prototype.slice.call(inner).forEach(function (u) {
      u.dataset.f.split(" ").forEach(function (i) {
        if (seen[i]) return;
        seen[i] = true;
        var g = data.findings[+i];
        nodes.push(el("p", "sev-" + g.severity, T.sev[g.severity] + " [" + g.rule + "] " + g.message));
      });
    });
    show(nodes);
  }

  function selectRelation(k) {
    var r = data.relations[k];
    if (!r) return;
    clear();
    light(r, null);
    var li = document.querySelector('#relations .rel[data-r="' + k + '"]');
    if (li) li.classList.add("selected");
    var head = document.getElementById(r.figures[0]);
    if (head) head.scrollIntoView({ block: "center" });
    var nodes = [relationLine(r)];
    nodes.push(dl([[T.figures, r.figures.map(function (id) { return figures[id] ? shown(figures[id]) : id; }).join("； ")]]));
    show(nodes);
  }

  function visible() {
    return items.filter(function (li) { return !li.hidden; }).map(function (li) { return +li.dataset.i; }).sort(function (a, b) { return a - b; });
  }
  function step(delta) {
    var order = visible();
    if (!order.length) return;
    var k = order.indexOf(current);
    var next;
    if (k < 0) {
      next = delta > 0 ? order.find(function (i) { return i > current; }) : order.slice().reverse().find(function (i) { return i < current; });
      if (next === undefined) next = delta > 0 ? order[0] : order[order.length - 1];
    } else {
      next = order[(k + delta + order.length) % order.length];
    }
    selectFinding(next, true);
  }

  function filter() {
    var on = {};
    Array.prototype.slice.call(document.querySelectorAll("#findings input[data-severity]")).forEach(function (c) { on[c.dataset.severity] = c.checked; });
    var rule = document.getElementById("rule-filter").value;
    items.forEach(function (li) { li.hidden = !on[li.dataset.severity] || (rule !== "" && li.dataset.rule !== rule); });
    Array.prototype.slice.call(document.querySelectorAll("#findings .group")).forEach(function (g) {
      g.hidden = !g.querySelector(".item:not([hidden])");
    });
  }

  document.getElementById("findings").addEventListener("change", filter);
  document.getElementById("findings").addEventListener("click", function (ev) {
    var li = ev.target.closest(".item");
    if (li) selectFinding(+li.dataset.i, true);
  });
  document.getElementById("relations").addEventListener("click", function (ev) {
    var li = ev.target.closest(".rel");
    if (li) selectRelation(+li.dataset.r);
  });
  document.getElementById("text").addEventListener("click", function (ev) {
    var fig = ev.target.closest(".fig");
    if (fig) return selectFigure(fig.id);
    var u = ev.target.closest(".u");
    if (u) selectFinding(+u.dataset.f.split(" ")[0], false);
  });
  document.getElementById("text").addEventListener("focusin", function (ev) {
    var fig = ev.target.closest(".fig");
    if (fig) selectFigure(fig.id);
  });
  document.getElementById("text").addEventListener("mouseover", function (ev) {
    var fig = ev.target.closest(".fig");
    if (fig) selectFigure(fig.id);
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA"))) return;
    if (ev.key === "j" || ev.key === "n") { step(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "p") { step(-1); ev.preventDefault(); }
    else if (ev.key === "Escape") { clear(); detail.hidden = true; current = -1; }
    else if (ev.key === "Enter" && t && t.classList && t.classList.contains("item")) { selectFinding(+t.dataset.i, true); }
    else if (ev.key === "Enter" && t && t.classList && t.classList.contains("rel")) { selectRelation(+t.dataset.r); }
  });
})();
