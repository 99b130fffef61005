/* redline HTML page: note markers open their notes, views, tag filter.
   Without this script every note is shown after its paragraph. */
(function () {
  "use strict";
  var d = document, body = d.body;
  body.classList.add("js");
  var controls = d.querySelectorAll(".controls");
  for (var c = 0; c < controls.length; c++) controls[c].hidden = false;
  var marks = Array.prototype.slice.call(d.querySelectorAll("button.mark"));
  var last = null;

  function noteOf(btn) { return d.getElementById(btn.getAttribute("aria-controls")); }
  function markOf(note) { return d.getElementById("mark-" + note.id.slice(5)); }
  function anchors(note, on) {
    var n = note.getAttribute("data-n");
    var a = d.querySelectorAll(".anc");
    for (var i = 0; i < a.length; i++) {
      if ((" " + a[i].getAttribute("data-n") + " ").indexOf(" " + n + " ") >= 0) a[i].classList.toggle("on", on);
    }
  }
  function setOpen(btn, open) {
    var note = noteOf(btn);
    if (!note) return;
    note.classList.toggle("open", open);
    btn.setAttribute("aria-expanded", open ? "true" : "false");
    anchors(note, open);
    if (open) last = btn; else if (last === btn) last = null;
    layout();
  }

  /* Wide screens: each open note beside its marker, moved down when it
     would overlap the note above (the stylesheet places .notes). */
  var wide = window.matchMedia ? window.matchMedia("(min-width: 60rem)") : null;
  var main = d.querySelector("main");
  function layout() {
    var notes = d.querySelectorAll(".note"), bottom = -Infinity;
    for (var i = 0; i < notes.length; i++) {
      var note = notes[i], btn = markOf(note);
      note.style.top = "";
      if (!wide || !wide.matches || !btn || !note.classList.contains("open") || note.classList.contains("filtered")) continue;
      var base = note.parentNode.getBoundingClientRect().top;
      var want = btn.getClientRects().length ? btn.getBoundingClientRect().top - 6 : base;
      var top = Math.max(want, bottom + 12);
      note.style.top = Math.round(top - base) + "px";
      bottom = top + note.offsetHeight;
    }
    if (main) {
      main.style.paddingBottom = "";
      var over = bottom - main.getBoundingClientRect().bottom;
      if (over > 0) main.style.paddingBottom = Math.ceil(over + 16) + "px";
    }
  }
  if (wide && wide.addEventListener) wide.addEventListener("change", layout);
  window.addEventListener("resize", layout);
  marks.forEach(function (btn) {
    btn.setAttribute("aria-expanded", "false");
    btn.addEventListener("click", function () {
      setOpen(btn, btn.getAttribute("aria-expanded") !== "true");
    });
    var note = noteOf(btn);
    if (!note) return;
    var x = d.createElement("button");
    x.type = "button";
    x.className = "x";
    x.textContent = "\u00d7";
    x.setAttribute("aria-label", "Close note " + note.getAttribute("data-n"));
    x.addEventListener("click", function () { setOpen(btn, false); btn.focus(); });
    note.insertBefore(x, note.firstChild);
  });
  d.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" && e.key !== "Esc") return;
    var el = d.activeElement, btn = null;
    var note = el && el.closest ? el.closest(".note") : null;
    if (note) btn = markOf(note);
    else if (el && el.classList && el.classList.contains("mark") && el.getAttribute("aria-expanded") === "true") btn = el;
    else btn = last;
    if (!btn || btn.getAttribute("aria-expanded") !== "true") return;
    setOpen(btn, false);
    btn.focus();
    e.preventDefault();
  });
  function fromHash() {
    var h = location.hash;
    if (h.indexOf("#note-") !== 0) return;
    var note = null;
    try { note = d.getElementById(decodeURIComponent(h.slice(1))); } catch (err) { note = null; }
    if (!note || !note.classList.contains("note")) return;
    var btn = markOf(note);
    if (btn) setOpen(btn, true);
    note.classList.remove("filtered");
    note.focus({ preventScroll: true });
    note.scrollIntoView({ block: "center" });
  }
  fromHash();
  window.addEventListener("hashchange", fromHash);

  /* Views: the page's switch sets the class on the body; a section's
     switch (one document, several comparisons) on its section */
  var views = d.querySelectorAll("input[type=radio][name^=view]");
  function setView() {
    for (var i = 0; i < views.length; i++) {
      var to = views[i].closest(".part") || body;
      to.classList.toggle("v-" + views[i].value, views[i].checked);
    }
    layout();
  }
  for (var i = 0; i < views.length; i++) views[i].addEventListener("change", setView);
  setView();

  /* Open every note at once */
  var all = d.getElementById("all-notes");
  if (all) all.addEventListener("change", function () {
    marks.forEach(function (btn) { setOpen(btn, all.checked); });
  });

  /* Tag filter: a note stays visible if it has no tag or any checked tag */
  var tags = d.querySelectorAll("#tags input");
  function filter() {
    var on = {};
    for (var i = 0; i < tags.length; i++) on[tags[i].value] = tags[i].checked;
    marks.forEach(function (btn) {
      var note = noteOf(btn);
      if (!note) return;
      var t = (note.getAttribute("data-tags") || "").split(" ").filter(Boolean);
      var show = t.length === 0 || t.some(function (k) { return on[k]; });
      note.classList.toggle("filtered", !show);
      btn.classList.toggle("filtered", !show);
    });
    layout();
  }
  for (var j = 0; j < tags.length; j++) tags[j].addEventListener("change", filter);
}());
