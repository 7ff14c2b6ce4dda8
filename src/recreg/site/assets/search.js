/* recreg site search: MiniSearch over the texts of every edition (assets/search-index.js).
 *
 * Classic scripts only, no module, no fetch: a browser opening the site from file:// runs
 * them as it does from a web server. Results are built as DOM nodes with textContent, so no
 * text of the registry is ever read as markup.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("results");
  var data = window.RECREG_SEARCH;
  if (!form || !input || !status || !list) {
    return;
  }
  if (typeof MiniSearch === "undefined" || !data) {
    status.textContent = "Search is unavailable: its files (assets/minisearch.js, assets/search-index.js) did not load.";
    return;
  }

  var index = new MiniSearch({
    fields: ["title", "text"],
    // Words are letters and digits: "<script>alert(" holds "script" and "alert", "ST.37" "st" and "37".
    tokenize: function (text) { return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean); },
    storeFields: ["title", "where", "url", "text"],
    searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.15, combineWith: "AND" }
  });
  index.addAll(data.docs);

  function words(query) {
    return query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 1; });
  }

  /* Append the text around the first word of the query found in it, the words marked. */
  function excerpt(parent, text, query) {
    var lower = text.toLowerCase();
    var terms = words(query);
    var at = -1;
    terms.forEach(function (term) {
      var found = lower.indexOf(term);
      if (found >= 0 && (at < 0 || found < at)) { at = found; }
    });
    var start = Math.max(0, at - 90);
    var end = Math.min(text.length, (at < 0 ? 0 : at) + 180);
    var piece = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    var pattern = terms.length ? new RegExp("(" + terms.map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "gi") : null;
    var last = 0;
    if (pattern) {
      piece.replace(pattern, function (match, group, offset) {
        parent.appendChild(document.createTextNode(piece.slice(last, offset)));
        var mark = document.createElement("mark");
        mark.textContent = match;
        parent.appendChild(mark);
        last = offset + match.length;
        return match;
      });
    }
    parent.appendChild(document.createTextNode(piece.slice(last)));
  }

  var shown = null;

  function show(query) {
    query = query.trim();
    if (query === shown) {
      return;  // already on the page: typing then pressing Enter does not build the list twice
    }
    shown = query;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!query) {
      status.textContent = "Type a word or phrase to search the texts of every edition.";
      return;
    }
    var results = index.search(query);
    status.textContent = results.length === 0 ? "No recommendation matches “" + query + "”."
      : results.length + (results.length === 1 ? " text matches" : " texts match") + " “" + query + "”"
        + (results.length > MAX_RESULTS ? "; the first " + MAX_RESULTS + " are shown." : ".");
    results.slice(0, MAX_RESULTS).forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.root + result.url;
      link.textContent = result.title;
      var where = document.createElement("div");
      where.className = "where";
      where.textContent = result.where;
      var text = document.createElement("p");
      excerpt(text, result.text, query);
      item.appendChild(link);
      item.appendChild(where);
      item.appendChild(text);
      list.appendChild(item);
    });
  }

  function remember(query) {
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url.href);
    } catch (ignored) {
      /* Some browsers refuse to rewrite a file:// address; the results are shown all the same. */
    }
  }

  var timer = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    remember(input.value);
    show(input.value);
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { show(input.value); }, 200);
  });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
  }
  show(input.value);
}());
