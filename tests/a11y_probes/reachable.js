() => {
  const L = window.__guideA11yLib;
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=true], [role=button], [role=link]';
  const out = {expected: [], unreachable: [], positive: []};
  for (const el of document.querySelectorAll(sel)) {
    if (el.disabled || el.closest('[inert]')) continue;
    let shown = el;
    if (el.matches('input') && el.getBoundingClientRect().width < 1 && el.nextElementSibling && el.nextElementSibling.matches('label')) shown = el.nextElementSibling;
    if (!L.visible(shown)) continue;
    if (el.tabIndex > 0) out.positive.push(L.name(el));
    if (el.tabIndex < 0) { if (!el.matches('[tabindex], [role]') || el.matches('a[href], button, input, select, textarea, summary')) out.unreachable.push(L.name(el)); continue; }
    out.expected.push({key: L.key(el), name: L.name(el)});
  }
  return out;
}
