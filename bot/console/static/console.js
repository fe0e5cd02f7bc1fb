// Keeps the counselor queue and an open chat current without reloading the page.
// Fragments come from the server already escaped; this file only swaps them in.
(function () {
  "use strict";
  function poll(el) {
    var every = parseInt(el.getAttribute("data-every") || "5000", 10);
    var append = el.getAttribute("data-append") === "1";
    function tick() {
      var url = el.getAttribute("data-poll");
      if (append) {
        url += (url.indexOf("?") < 0 ? "?" : "&") + "after=" + (el.getAttribute("data-after") || "0");
      }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) {
          if (r.redirected || !r.ok) { throw new Error("stopped"); }
          return r.text();
        })
        .then(function (html) {
          if (!append) { el.innerHTML = html; }
          else if (html.trim()) {
            var box = document.createElement("div");
            box.innerHTML = html;
            var items = box.querySelectorAll("[data-id]");
            for (var i = 0; i < items.length; i++) {
              el.appendChild(items[i]);
              el.setAttribute("data-after", items[i].getAttribute("data-id"));
            }
            if (items.length) { items[items.length - 1].scrollIntoView({ block: "nearest" }); }
          }
          setTimeout(tick, every);
        })
        .catch(function () { setTimeout(tick, every * 3); });
    }
    setTimeout(tick, every);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var els = document.querySelectorAll("[data-poll]");
    for (var i = 0; i < els.length; i++) { poll(els[i]); }
  });
})();
