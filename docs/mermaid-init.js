// Draws the ```mermaid blocks of the book as diagrams, with no network.
//
// mdBook renders them as <pre><code class="language-mermaid">; GitHub draws them natively. Here,
// on pages that have such a block, we load Mermaid from the book itself and swap each block for
// a diagram. Workshop rooms often have poor Wi-Fi, so the script is not fetched from a CDN: it is
// src/vendor/mermaid-11.12.2.min.js, the file of that name in the npm package mermaid 11.12.2
// (MIT, see src/vendor/mermaid-LICENSE.txt), which mdBook copies into the book like any file of
// src/. If it cannot load, the blocks stay readable text.
(function () {
  var blocks = document.querySelectorAll("code.language-mermaid");
  if (blocks.length === 0) {
    return;
  }
  // This script sits at the book's root (mdBook adds its hash to the name), and so does vendor/:
  // resolve from here, which works on every page, however deep.
  var here = document.currentScript && document.currentScript.src;
  var script = document.createElement("script");
  script.src = here
    ? new URL("vendor/mermaid-11.12.2.min.js", here).href
    : path_to_root + "vendor/mermaid-11.12.2.min.js";
  script.onload = function () {
    blocks.forEach(function (code) {
      var diagram = document.createElement("div");
      diagram.className = "mermaid";
      diagram.textContent = code.textContent;
      code.parentElement.replaceWith(diagram);
    });
    var classes = document.documentElement.classList;
    var dark = classes.contains("coal") || classes.contains("navy") || classes.contains("ayu");
    window.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default" });
    window.mermaid.run();
  };
  document.head.appendChild(script);
})();
