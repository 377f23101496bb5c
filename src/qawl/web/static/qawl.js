// qawl pages: details of a statement on click, and navigation between translated statements.
// Data from articles is only ever written with textContent / setAttribute, never innerHTML.
(function () {
  "use strict";

  var pop = null;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function quoteById(id) {
    return document.getElementById("q-" + id);
  }

  function flash(node) {
    if (!node) return;
    node.classList.remove("flash");
    void node.offsetWidth; // restart the animation
    node.classList.add("flash");
  }

  function goTo(id) {
    var target = quoteById(id);
    if (!target) return;
    target.scrollIntoView({ behavior: "smooth", block: "center" });
    flash(target);
    target.focus({ preventScroll: true });
    showDetails(target);
    if (history.replaceState) history.replaceState(null, "", "#q-" + id);
  }

  function hidePop() {
    if (pop) pop.hidden = true;
  }

  function showDetails(q) {
    pop = pop || document.getElementById("qawl-pop");
    if (!pop) return;
    var d = q.dataset;
    var ui = document.documentElement.lang === "ar";
    var L = ui
      ? { speaker: "المتحدث", kind: "النوع", cue: "فعل القول", conf: "الثقة", same: "التصريح نفسه في", unknown: "متحدث غير معروف", close: "إغلاق", page: "صفحة المتحدث" }
      : { speaker: "Speaker", kind: "Kind", cue: "Cue", conf: "Confidence", same: "Same statement as", unknown: "unknown speaker", close: "Close", page: "speaker page" };
    while (pop.firstChild) pop.removeChild(pop.firstChild);
    pop.style.setProperty("--qfg", getComputedStyle(q).getPropertyValue("--qfg"));
    var close = el("button", "×", "close");
    close.type = "button";
    close.setAttribute("aria-label", L.close);
    close.addEventListener("click", hidePop);
    pop.appendChild(close);
    var h = el("h4", d.speaker || L.unknown);
    h.dir = "auto";
    pop.appendChild(h);
    var dl = el("dl");
    function row(k, v, node) {
      if (!v && !node) return;
      dl.appendChild(el("dt", k));
      var dd = el("dd", node ? null : v);
      dd.dir = "auto";
      if (node) dd.appendChild(node);
      dl.appendChild(dd);
    }
    if (d.speakerHref && d.speakerHref.charAt(0) === "/") {
      var a = el("a", L.page);
      a.href = d.speakerHref;
      row(L.speaker, null, a);
    }
    row(L.kind, d.kind);
    row(L.cue, d.cue);
    row(L.conf, d.conf);
    var same = (d.sameAs || "").split(/\s+/).filter(Boolean);
    if (same.length) {
      var span = el("span");
      same.forEach(function (id) {
        var link = el("a", "#" + id, "same-link");
        link.href = "#q-" + id;
        link.setAttribute("data-target", id);
        span.appendChild(link);
        span.appendChild(document.createTextNode(" "));
      });
      row(L.same, null, span);
    }
    pop.appendChild(dl);
    var words = "";
    q.childNodes.forEach(function (n) {
      if (!(n.classList && n.classList.contains("qlabel"))) words += n.textContent;
    });
    var text = el("blockquote", words.trim());
    text.dir = "auto";
    text.setAttribute("lang", q.getAttribute("lang") || "");
    pop.appendChild(text);
    pop.hidden = false;
    var item = document.getElementById("item-q-" + d.qid);
    if (item) flash(item);
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("a.same-link");
    if (link) {
      var id = link.getAttribute("data-target");
      if (id && quoteById(id)) {
        ev.preventDefault();
        goTo(id);
      }
      return;
    }
    var goto = ev.target.closest && ev.target.closest("a.goto");
    if (goto) {
      var gid = (goto.getAttribute("href") || "").replace(/^#q-/, "");
      if (quoteById(gid)) {
        ev.preventDefault();
        goTo(gid);
      }
      return;
    }
    if (ev.target.closest && ev.target.closest("a")) return; // entity and speaker links navigate
    var q = ev.target.closest && ev.target.closest(".q");
    if (q) {
      showDetails(q);
      return;
    }
    if (pop && !pop.hidden && !(ev.target.closest && ev.target.closest(".pop"))) hidePop();
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") hidePop();
    if ((ev.key === "Enter" || ev.key === " ") && ev.target.classList && ev.target.classList.contains("q")) {
      ev.preventDefault();
      showDetails(ev.target);
    }
  });

  window.addEventListener("DOMContentLoaded", function () {
    var m = /^#q-(.+)$/.exec(location.hash);
    if (m && quoteById(m[1])) flash(quoteById(m[1]));
    // an uploaded .txt fills the text box, so the reader sees what will be annotated
    var file = document.getElementById("f-file");
    var box = document.getElementById("f-text");
    if (file && box && window.FileReader) {
      file.addEventListener("change", function () {
        var f = file.files && file.files[0];
        if (!f || f.size > 2 * 1024 * 1024) return;
        var r = new FileReader();
        r.onload = function () { box.value = String(r.result); };
        r.readAsText(f, "utf-8");
      });
    }
  });
})();
