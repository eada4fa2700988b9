// The page walk's checks (e2e/test_every_page.py), run in the page in one round trip:
// sideways overflow, small or hidden form controls, localized numbers in attributes.
([minSize, humanAttrs]) => {
  const problems = [];
  const vw = window.innerWidth;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.className && typeof el.className === 'string') s += '.' + el.className.trim().split(/\s+/).join('.');
    const name = el.getAttribute('name');
    if (name) s += `[name=${name}]`;
    const text = String(el.innerText || el.value || '').trim().slice(0, 30);
    return text ? `${s} "${text}"` : s;
  };
  const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const srOnly = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return (r.width <= 1 && r.height <= 1) || s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)';
  };
  if (document.documentElement.scrollWidth > vw) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px wide in ${vw}px`);
  }
  const wide = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    if (!rendered(el) || srOnly(el) || scrolls(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > vw + 1 || r.right > vw + 1) {
      if (el.parentElement && wide.has(el.parentElement)) { wide.add(el); continue; }
      wide.add(el);
      problems.push(`sticks out of the ${vw}px screen (${Math.round(r.left)}–${Math.round(r.right)}px): ${describe(el)}`);
    }
  }
  const controls = document.querySelectorAll('input:not([type=hidden]), select, textarea, button');
  for (const el of controls) {
    if (el.closest('details:not([open]), dialog:not([open]), [hidden]')) continue;
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (type === 'checkbox' || type === 'radio') {
      const label = el.labels && el.labels[0];
      const before = label ? getComputedStyle(label, '::before') : null;
      const box = before && before.content !== 'none' ? [parseFloat(before.width), parseFloat(before.height)] : [0, 0];
      const own = el.getBoundingClientRect();
      const ownOk = rendered(el) && getComputedStyle(el).opacity !== '0' && own.width >= minSize && own.height >= minSize;
      const labelOk = label && rendered(label) && box[0] >= 20 && box[1] >= 20 && label.getBoundingClientRect().height >= minSize;
      if (!ownOk && !labelOk) {
        problems.push(`${type} is not drawn at ${minSize}×${minSize}px (box ${Math.round(own.width)}×${Math.round(own.height)}, label box ${box.map(Math.round).join('×')}): ${describe(el)}`);
      }
      continue;
    }
    if (!rendered(el)) { problems.push(`hidden form control: ${describe(el)}`); continue; }
    const r = el.getBoundingClientRect();
    if (r.width < minSize || r.height < minSize) {
      problems.push(`form control smaller than ${minSize}×${minSize}px (${Math.round(r.width)}×${Math.round(r.height)}): ${describe(el)}`);
    }
  }
  // a group of checkboxes or radios shows its label (the legend) above the choices
  for (const group of document.querySelectorAll('fieldset')) {
    if (!rendered(group) || group.querySelectorAll('input[type=checkbox], input[type=radio]').length < 2) continue;
    const legend = group.querySelector(':scope > legend');
    if (legend && legend.classList.contains('sr-only')) continue;  // hidden on purpose: the row names it
    const box = legend ? legend.getBoundingClientRect() : null;
    if (!legend || box.width <= 1 || box.height <= 1) {
      problems.push(`a group of choices without a visible label: ${describe(group)}`);
    }
  }
  const localized = /\d{1,3}(,\d{3})+/;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (humanAttrs.includes(attr.name)) continue;
      if (localized.test(attr.value)) problems.push(`localized number in ${attr.name}="${attr.value}": ${describe(el)}`);
    }
  }
  return problems;
}
