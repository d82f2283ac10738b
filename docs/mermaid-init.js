// Draws the ```mermaid blocks of the book as diagrams.
//
// mdBook renders them as <pre><code class="language-mermaid">; GitHub draws them natively. Here we
// load Mermaid from a CDN only on pages that have such a block, and swap each block for a
// diagram. Offline, the blocks simply stay readable text.
(function () {
  var blocks = document.querySelectorAll("code.language-mermaid");
  if (blocks.length === 0) {
    return;
  }
  var script = document.createElement("script");
  script.src = "https://cdn.jsdelivr.net/npm/mermaid@10/dist/mermaid.min.js";
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
