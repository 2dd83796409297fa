() => {
  const L = window.__guideA11yLib;
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {key: 0, name: 'body'};
  let ring = el;
  const box = el.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) {
    // A visually hidden control (palette radio) shows its focus on the label next to it.
    const next = el.nextElementSibling;
    const labels = [...(el.labels || [])];
    ring = (next && next.matches('label') && L.visible(next)) ? next : (labels.find(l => L.visible(l)) || el);
  }
  const s = getComputedStyle(ring);
  const r = ring.getBoundingClientRect();
  const width = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
  const offset = parseFloat(s.outlineOffset) || 0;
  // The ring is drawn over whatever surrounds the element (or over the element itself when inset).
  const behind = offset + width <= 0 ? L.background(ring) : L.background(ring.parentElement || ring);
  const color = L.rgba(s.outlineColor);
  const ratio = width > 0 ? L.ratio(L.over(color, behind), behind) : 0;
  const points = [[0.5, 0.5], [0.2, 0.5], [0.8, 0.5], [0.5, 0.2], [0.5, 0.8]];
  const shown = points.some(([x, y]) => {
    const hit = document.elementFromPoint(r.left + r.width * x, r.top + r.height * y);
    return hit && (ring.contains(hit) || hit.contains(ring) || el.contains(hit));
  });
  // Page order against the element focused before (tooltips come and go, so no indexes).
  const before = window.__guideLastFocus;
  const follows = !before || !before.isConnected || !!(before.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  window.__guideLastFocus = el;
  return {
    key: L.key(el), name: L.name(el), tag: el.tagName.toLowerCase(), follows,
    visible: L.visible(ring), shown,
    inViewport: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    ringStyle: s.outlineStyle, ringWidth: width, ringRatio: ratio,
    tabindex: el.getAttribute('tabindex'),
  };
}
