/* recreg site permalinks: forward <edition>/R5/#d to the node on the recommendation's page.
 *
 * The page names its recommendation (<meta name="recreg-node" content="cws12:R5">) and its
 * canonical place (rec/<id>/index.html#cws12:R5). A fragment after the permalink names a
 * node within it, as the address grammar writes it after R5/: an action (#d), an item
 * (#d/ii) or a footnote (#fn2); it is carried to that node's id on the target page.
 */
(function () {
  "use strict";
  var canonical = document.querySelector("link[rel=canonical]");
  var node = document.querySelector("meta[name=recreg-node]");
  if (!canonical || !node) {
    return;
  }
  var target = canonical.href;
  var wanted = decodeURIComponent(window.location.hash.slice(1)).replace(/^\/+/, "");
  if (/^[a-z](\/[ivxlc]+)?$/.test(wanted)) {
    target = target.split("#")[0] + "#" + node.content + "/" + wanted;
  } else if (/^fn[1-9][0-9]*$/.test(wanted)) {
    target = target.split("#")[0] + "#" + node.content + "-" + wanted;
  }
  window.location.replace(target);
}());
