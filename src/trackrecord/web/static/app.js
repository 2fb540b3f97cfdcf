// trackrecord: a judgment's card pops up beside its cue on hover, focus or click.
// Builds the pop-up from the page's own (escaped) cards by cloning nodes, never from HTML strings.
"use strict";
(function () {
  let shown = null;
  function hide() {
    if (shown) { shown.remove(); shown = null; }
  }
  function show(cue) {
    const card = document.getElementById("j-" + cue.dataset.j);
    if (!card) { return; }
    hide();
    const copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.classList.add("popover");
    const box = cue.getBoundingClientRect();
    copy.style.left = Math.max(8, window.scrollX + box.left) + "px";
    copy.style.top = (window.scrollY + box.bottom + 6) + "px";
    document.body.appendChild(copy);
    shown = copy;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("a.cue[data-j]").forEach(function (cue) {
      cue.removeAttribute("title");
      cue.addEventListener("mouseenter", function () { show(cue); });
      cue.addEventListener("focus", function () { show(cue); });
      cue.addEventListener("mouseleave", hide);
      cue.addEventListener("blur", hide);
      cue.addEventListener("click", function () {
        document.querySelectorAll(".card.active").forEach(function (c) { c.classList.remove("active"); });
        const card = document.getElementById("j-" + cue.dataset.j);
        if (card) { card.classList.add("active"); }
      });
    });
  });
})();
