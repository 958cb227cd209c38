// Live tallies: the poll page's counts follow the server's "tally" events
// (server-sent events). Without this script the page shows the same counts
// on every reload.
(function () {
  var list = document.querySelector("ul.bars[data-live]");
  if (!list || !window.EventSource) return;
  var src = new EventSource("/polls/" + list.getAttribute("data-live") + "/live");
  src.addEventListener("tally", function (e) {
    var parts = e.data.split(";"), counts = {}, top = 1;
    var total = document.querySelector("[data-live-ballots]");
    if (total) total.textContent = parts[0];
    for (var i = 1; i < parts.length; i++) {
      var kv = parts[i].split(":"), n = parseInt(kv[1], 10);
      counts[kv[0]] = n;
      if (n > top) top = n;
    }
    Object.keys(counts).forEach(function (pos) {
      var s = list.querySelector("strong[data-pos='" + pos + "']");
      var r = list.querySelector("rect[data-pos='" + pos + "']");
      if (s) s.textContent = counts[pos];
      if (r) r.setAttribute("width", Math.round(counts[pos] * 1000 / top));
    });
  });
  src.addEventListener("closed", function () { src.close(); });
})();
