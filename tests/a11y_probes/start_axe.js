([context, options]) => {
  window.__guideAxe = null;
  // Started from a timer, so this call returns at once and several tabs run axe side by side.
  setTimeout(() => axe.run(context || document, options).then(
    r => { window.__guideAxe = {violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200),
                                summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim()}))}))}; },
    e => { window.__guideAxe = {error: String(e)}; }), 0);
}
