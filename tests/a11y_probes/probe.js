({parts: args, clipOk}) => {
  const L = window.__guideA11yLib;
  const out = {};
  const sized = el => { const r = el.getBoundingClientRect(); return [Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10]; };

  if (args.includes('document')) {
    // The outline a screen reader lists: every heading not hidden from it (visually hidden ones count).
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
      .filter(h => h.checkVisibility({checkVisibilityCSS: true}) && !h.closest('[aria-hidden=true]'))
      .map(h => ({level: +(h.getAttribute('aria-level') || (/^H[1-6]$/.test(h.tagName) ? h.tagName[1] : 2)),
                  text: h.textContent.trim().slice(0, 60)}));
    const site = document.querySelector('.md-header__topic:first-child .md-ellipsis, meta[property="og:site_name"]');
    out.document = {
      title: document.title,
      lang: document.documentElement.lang,
      dir: document.documentElement.dir || document.body.dir,
      site: site ? (site.content || site.textContent).trim() : '',
      headings,
      terms: document.querySelectorAll('abbr.guide-term').length,
      scheme: document.body.getAttribute('data-md-color-scheme'),
    };
  }

  if (args.includes('contrast')) {
    // Every visible element with text of its own, against what is behind it; icons of controls at 3:1.
    const text = [], icons = [];
    const roots = document.querySelectorAll('.md-header, .md-container, .md-footer, .md-search__output, .md-tooltip2, [role=tooltip]');
    const seen = new Set();
    for (const root of roots) for (const el of [root, ...root.querySelectorAll('*')]) {
      if (seen.has(el)) continue; seen.add(el);
      if (!L.ownText(el) || ['SCRIPT', 'STYLE', 'svg'].includes(el.tagName) || !L.visible(el)) continue;
      const fg = L.rgba(getComputedStyle(el).color); fg[3] *= L.opacity(el);
      const bg = L.background(el);
      const r = L.ratio(L.over(fg, bg), bg);
      if (r < 4.5) text.push({element: L.name(el), ratio: r});
    }
    for (const el of document.querySelectorAll('a[href], button, label[for], [role=button]')) {
      if (L.ownText(el) || !el.querySelector('svg') || !L.visible(el)) continue;
      const svg = el.querySelector('svg');
      const fg = L.rgba(getComputedStyle(svg).fill === 'none' ? getComputedStyle(svg).color : getComputedStyle(svg).fill);
      fg[3] *= L.opacity(el);
      const bg = L.background(el);
      const r = L.ratio(L.over(fg, bg), bg);
      if (r < 3) icons.push({element: L.name(el), ratio: r});
    }
    out.contrast = {text, icons};
  }

  if (args.includes('targets')) {
    // Links and buttons in the header, navigation, footer and search (2.5.8 Target Size, Minimum).
    const small = [];
    const scope = '.md-header, .md-sidebar, .md-nav, .md-footer, .md-search, .md-content__button, [data-md-component=skip]';
    const controls = 'a[href], button, input:not([type=hidden]), select, summary, [role=button], label[for]';
    const found = new Set();
    for (const root of document.querySelectorAll(scope)) for (const el of [root, ...root.querySelectorAll(controls)]) {
      if (!el.matches(controls) || found.has(el)) continue; found.add(el);
      let target = el;
      // A visually hidden radio (palette) is operated through its label.
      if (el.matches('input') && el.getBoundingClientRect().width < 1) target = el.nextElementSibling && el.nextElementSibling.matches('label') ? el.nextElementSibling : el;
      if (!L.visible(target)) continue;
      const [w, h] = sized(target);
      if (w < 24 || h < 24) small.push({element: L.name(el), width: w, height: h});
    }
    out.targets = small;
  }

  if (args.includes('overflow')) {
    // Reflow and text zoom: no sideways scrolling, no text pushed off screen, clipped or overlapping.
    const vw = document.documentElement.clientWidth;
    const doc = document.scrollingElement;
    const problems = [];
    if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`the page scrolls sideways: ${doc.scrollWidth} px of content in ${doc.clientWidth} px`);
    const scrollsX = el => { for (let e = el.parentElement; e; e = e.parentElement) { const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return e !== document.documentElement && e !== document.body; } return false; };
    const textEls = [...document.body.querySelectorAll('*')].filter(el => L.ownText(el) && !['SCRIPT', 'STYLE'].includes(el.tagName) && L.visible(el));
    for (const el of textEls) {
      const r = el.getBoundingClientRect();
      if ((r.right > vw + 1 || r.left < -1) && !scrollsX(el)) problems.push(`${L.name(el)} reaches outside the ${vw} px viewport (${Math.round(r.left)}..${Math.round(r.right)})`);
    }
    for (const el of document.body.querySelectorAll('*')) {
      const s = getComputedStyle(el);
      const clips = v => v === 'hidden' || v === 'clip';
      if (!(clips(s.overflowX) || clips(s.overflowY)) || !L.visible(el) || !el.textContent.trim()) continue;
      if (clipOk.some(sel => el.closest(sel))) continue;
      const cutX = clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
      const cutY = clips(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
      if (!cutX && !cutY) continue;
      // Only text that is itself cut counts; a clipped box whose text all fits is fine.
      const box = el.getBoundingClientRect();
      const cut = textEls.filter(t => el.contains(t)).some(t => { const r = t.getBoundingClientRect(); return r.right > box.right + 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || r.top < box.top - 1 || t.scrollWidth > t.clientWidth + 1; });
      if (cut) problems.push(`text is cut off in ${L.name(el)} (${el.scrollWidth}×${el.scrollHeight} px of content in ${el.clientWidth}×${el.clientHeight})`);
    }
    // Overlap: the rectangles of text runs of different elements must not intersect. Text wholly
    // under something opaque (the page behind an open drawer) is not shown, so it cannot clash.
    const covered = (el, r) => [0.25, 0.5, 0.75].every(f => {
      const x = r.left + r.width * f, y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      return hit && !el.contains(hit) && !hit.contains(el);
    });
    const runs = [];
    for (const el of textEls) for (const n of el.childNodes) {
      if (n.nodeType !== 3 || !n.textContent.trim()) continue;
      const range = document.createRange(); range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width > 1 && r.height > 1 && !covered(el, r)) runs.push({el, r});
    }
    const clash = new Set();
    for (let i = 0; i < runs.length; i++) for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i], b = runs[j];
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (w > 2 && h > 4) clash.add(`${L.name(a.el)} overlaps ${L.name(b.el)}`);
    }
    problems.push(...[...clash].slice(0, 10));
    out.overflow = problems;
  }

  if (args.includes('motion')) {
    // With prefers-reduced-motion: reduce, nothing moves: no running animation, transition or smooth scroll.
    const moving = [];
    for (const a of document.getAnimations()) {
      const t = a.effect && a.effect.getTiming ? a.effect.getTiming() : {};
      if (a.playState === 'running' && (t.duration > 0 || t.duration === 'auto')) moving.push(`${a.constructor.name} ${a.animationName || a.transitionProperty || ''} on ${a.effect && a.effect.target ? L.name(a.effect.target) : '?'}`);
    }
    for (const el of [document.documentElement, ...document.body.querySelectorAll('*')]) {
      for (const pseudo of [null, '::before', '::after']) {
        const s = getComputedStyle(el, pseudo);
        if (pseudo && (s.content === 'none' || s.content === 'normal')) continue;
        const longest = v => Math.max(...v.split(',').map(parseFloat));
        if (s.animationName !== 'none' && longest(s.animationDuration) > 0) moving.push(`animation ${s.animationName} on ${L.name(el)}${pseudo || ''}`);
        if (s.transitionProperty !== 'none' && longest(s.transitionDuration) + longest(s.transitionDelay) > 0) moving.push(`transition ${s.transitionProperty} on ${L.name(el)}${pseudo || ''}`);
      }
    }
    if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') moving.push('smooth scrolling on html');
    out.motion = [...new Set(moving)].slice(0, 20);
  }
  return out;
}
