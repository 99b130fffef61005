/* redline history page: the version buttons.  "All changes" shows every
   word of every version; a version button sets body[data-at] and the
   stylesheet shows that version's text alone.  #v2 in the address opens
   the page at version 2.  Without this script the page shows all changes. */
(function () {
  "use strict";
  var d = document, body = d.body;
  body.classList.add("js");
  var controls = d.getElementById("controls");
  if (controls) controls.hidden = false;
  var now = d.getElementById("hnow");
  var radios = d.querySelectorAll("input[name=at]");

  function labelOf(radio) {
    var l = radio.parentNode.querySelector(".hl");
    return l ? l.textContent : radio.value;
  }
  function show(radio, fromUser) {
    var v = radio.value;
    if (v === "all") {
      body.removeAttribute("data-at");
      if (now) now.textContent = "Every word of every version: added text underlined, deleted text struck through, each marked with the version that made the change.";
    } else {
      body.setAttribute("data-at", v);
      if (now) now.textContent = "The text of " + labelOf(radio) + " exactly" +
        (v === "0" ? "." : "; the words this version added are underlined.");
    }
    if (fromUser && window.history && window.history.replaceState) {
      try { window.history.replaceState(null, "", v === "all" ? location.pathname + location.search : "#v" + (Number(v) + 1)); } catch (e) { /* file: pages may refuse */ }
    }
  }
  for (var i = 0; i < radios.length; i++) {
    radios[i].addEventListener("change", function (e) { if (e.target.checked) show(e.target, true); });
  }
  function fromHash() {
    var m = /^#v([0-9]+)$/.exec(location.hash);
    var want = m ? String(Number(m[1]) - 1) : null;
    for (var j = 0; j < radios.length; j++) {
      if (want !== null && radios[j].value === want) {
        radios[j].checked = true;
        show(radios[j], false);
        return;
      }
    }
    for (var k = 0; k < radios.length; k++) if (radios[k].checked) show(radios[k], false);
  }
  fromHash();
  window.addEventListener("hashchange", fromHash);
}());
