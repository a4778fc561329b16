// The console's live parts: journey status and service health every 2 s, and the sequence diagram
// drawn as SVG from the merged journals. Text is set with textContent only (no HTML injection).
(() => {
  const T = window.CONSOLE_TEXT;
  const ORDER = ['browser', 'client', 'smartregnskap', 'skatteetaten', 'maskinporten', 'altinn'];
  const SVG = 'http://www.w3.org/2000/svg';
  let cursor = {};
  let entries = [];

  const el = (name, attrs = {}, text) => {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };

  async function refreshStatus() {
    const res = await fetch('/api/status');
    if (!res.ok) return;
    const status = await res.json();
    for (const step of status.steps) {
      const li = document.querySelector(`[data-step="${step.id}"]`);
      if (!li || li.dataset.state === step.state) continue;
      li.dataset.state = step.state;
      const tag = li.querySelector('.ds-tag');
      tag.dataset.color = step.state === 'done' ? 'success' : step.state === 'active' ? 'info' : 'neutral';
      tag.textContent = T[step.state];
    }
    for (const svc of status.services) {
      const span = document.querySelector(`[data-service="${svc.name}"] .cn-health`);
      if (span) span.textContent = svc.up ? `(${T.up})` : `(${T.down})`;
    }
  }

  async function refreshJournal() {
    const res = await fetch(`/api/journal?cursor=${encodeURIComponent(JSON.stringify(cursor))}`);
    if (!res.ok) return;
    const feed = await res.json();
    cursor = feed.cursor;
    if (feed.entries.length === 0) return;
    entries = entries.concat(feed.entries).slice(-400);
    updateCorrelations();
    draw();
  }

  function updateCorrelations() {
    const select = document.getElementById('correlation');
    const seen = new Set([...select.options].map((o) => o.value));
    for (const e of entries) {
      if (!e.correlationId || seen.has(e.correlationId)) continue;
      seen.add(e.correlationId);
      const option = document.createElement('option');
      option.value = e.correlationId;
      option.textContent = `${e.at.slice(11, 19)} ${e.method} ${e.path.split('?')[0]} (${e.correlationId.slice(0, 8)})`;
      select.appendChild(option);
    }
  }

  function draw() {
    const chosen = document.getElementById('correlation').value;
    const shown = chosen ? entries.filter((e) => e.correlationId === chosen) : entries.slice(-40);
    const box = document.getElementById('sequence');
    box.replaceChildren();
    if (shown.length === 0) {
      const p = document.createElement('p');
      p.className = 'ds-paragraph tb-muted';
      p.textContent = T.empty;
      box.appendChild(p);
      return;
    }
    const names = [...new Set([...ORDER.filter((n) => shown.some((e) => e.from === n || e.to === n)), ...shown.flatMap((e) => [e.from, e.to])])];
    const colWidth = 140;
    const rowHeight = 30;
    const top = 40;
    const width = names.length * colWidth;
    const height = top + shown.length * rowHeight + 20;
    const x = (name) => names.indexOf(name) * colWidth + colWidth / 2;
    const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'sequence diagram' });
    const defs = el('defs');
    const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.appendChild(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: 'currentColor' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    for (const name of names) {
      svg.appendChild(el('text', { x: x(name), y: 20, 'text-anchor': 'middle', class: 'cn-actor' }, name));
      svg.appendChild(el('line', { x1: x(name), y1: 28, x2: x(name), y2: height - 10, class: 'cn-lifeline' }));
    }
    shown.forEach((e, i) => {
      const y = top + i * rowHeight + 12;
      const failed = e.error || e.status >= 400;
      const cls = failed ? 'cn-call cn-failed' : 'cn-call';
      const from = x(e.from);
      const to = x(e.to);
      const label = `${e.method} ${e.path.length > 40 ? e.path.slice(0, 39) + '…' : e.path} → ${e.error ? e.error : e.status} (${Math.round(e.durationMs)} ms)`;
      if (from === to) {
        svg.appendChild(el('path', { d: `M ${from} ${y} h 30 v 10 h -28`, class: cls, 'marker-end': 'url(#arrow)', fill: 'none' }));
      } else {
        svg.appendChild(el('line', { x1: from, y1: y, x2: to, y2: y, class: cls, 'marker-end': 'url(#arrow)' }));
      }
      const text = el('text', { x: Math.min(from, to) + 6, y: y - 5, class: failed ? 'cn-label cn-failed' : 'cn-label' }, label);
      const title = el('title', {}, `${e.at} ${e.from} → ${e.to}\n${e.method} ${e.path}\nstatus ${e.status}${e.error ? ' ' + e.error : ''}\ncorrelation ${e.correlationId}`);
      text.appendChild(title);
      svg.appendChild(text);
    });
    box.appendChild(svg);
  }

  // A reset takes a few seconds (every service, then both setups): say so while it runs.
  for (const form of document.querySelectorAll('form[data-busy-text]')) {
    form.addEventListener('submit', () => {
      const button = form.querySelector('button');
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      const spinner = el('svg', { class: 'ds-spinner', 'data-size': 'xs', viewBox: '0 0 50 50', 'aria-hidden': 'true' });
      spinner.appendChild(el('circle', { class: 'ds-spinner__background', cx: 25, cy: 25, r: 20, fill: 'none', 'stroke-width': 5 }));
      spinner.appendChild(el('circle', { class: 'ds-spinner__circle', cx: 25, cy: 25, r: 20, fill: 'none', 'stroke-width': 5 }));
      const label = document.createElement('span');
      label.textContent = ` ${form.dataset.busyText}`;
      button.replaceChildren(spinner, label);
    });
  }

  document.getElementById('correlation').addEventListener('change', draw);
  const tick = () => Promise.all([refreshStatus(), refreshJournal()]).catch(() => undefined);
  tick();
  setInterval(tick, 2000);
})();
