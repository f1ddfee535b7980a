// satit dashboards: reads the dashboard definitions from the API, draws each chart with its template
// (charts.js), and follows the warehouse live: one EventSource on /api/live; when a version event names
// a dataset, only the charts reading it are fetched again. State lives in the URL (?d=…&esa=…).
import {templates} from './charts.js';
import * as W from './words.js';
import {save, pngOf, fileName} from './exports.js';

const state = {lang: localStorage.getItem('satit.lang') || 'th', words: {}, me: null, dashboards: [], dashboard: null,
  params: {}, cards: new Map(), version: null, live: null};
// what the browser tests read: per chart, whether it drew data, how many rows, which version
window.satit = {charts: {}, events: 0, version: null};

const $ = s => document.querySelector(s);

// state changes repeat the CSRF cookie in a header (double submit; the server refuses them otherwise)
function csrf() {
  const m = document.cookie.match(/(?:^|; )satit_csrf=([^;]*)/);
  return m ? m[1] : '';
}

async function api(path, options) {
  options = Object.assign({headers: {'Accept': 'application/json'}, credentials: 'same-origin'}, options);
  if (options.method && options.method !== 'GET') options.headers = Object.assign({'X-Satit-CSRF': csrf()}, options.headers);
  const r = await fetch(path, options);
  const body = await r.json().catch(() => ({error: r.statusText, status: r.status}));
  if (!r.ok) throw Object.assign(new Error(body.error || r.statusText), {status: r.status});
  return body;
}

// ---------------------------------------------------------------- words and numbers
function word(key) { return W.word(state, key); }
function text(label) { return W.text(state, label); }
function fmt(v, digits = 1) { return W.fmt(state, v, digits); }
function time(v) { return W.time(state, v); }

async function loadWords() {
  state.words = await api('/api/labels/' + state.lang);
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = word(el.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = word(el.dataset.i18nPlaceholder); });
  $('#lang').textContent = state.lang === 'th' ? 'EN' : 'ไทย';
  $('#lang').setAttribute('aria-label', word('ui.switchLanguage'));
}

// ---------------------------------------------------------------- URL state
function readUrl() {
  const q = new URLSearchParams(location.search);
  const out = {};
  for (const [k, v] of q) out[k] = v;
  return out;
}
function writeUrl() {
  const q = new URLSearchParams();
  if (state.dashboard) q.set('d', state.dashboard.id);
  for (const [k, v] of Object.entries(state.params)) q.set(k, v);
  history.replaceState(null, '', '?' + q.toString());
}

// ---------------------------------------------------------------- menu, login
async function loadMenu() {
  state.me = await api('/api/me');
  const list = await api('/api/dashboards');
  state.dashboards = list.dashboards;
  const nav = $('#menu');
  nav.replaceChildren();
  for (const d of state.dashboards) {
    const a = document.createElement('a');
    a.href = (location.pathname === '/admin' ? '/' : '') + '?d=' + d.id;
    a.textContent = text(d.title);
    a.dataset.id = d.id;
    a.addEventListener('click', ev => {
      if (location.pathname === '/admin') return; // a page of its own: follow the link
      ev.preventDefault();
      open(d.id, {});
    });
    nav.appendChild(a);
  }
  if (state.me.role === 'admin') {
    const a = Object.assign(document.createElement('a'), {href: '/admin', textContent: word('admin.title')});
    if (location.pathname === '/admin') a.setAttribute('aria-current', 'page');
    nav.appendChild(a);
  }
  const who = $('#who');
  who.replaceChildren();
  const b = document.createElement('button');
  b.type = 'button';
  if (state.me.role === 'public') {
    b.textContent = word('ui.login');
    b.addEventListener('click', () => $('#login-dialog').showModal());
  } else {
    who.append(`${state.me.user} (${word('role.' + state.me.role)}) `);
    b.textContent = word('ui.logout');
    b.addEventListener('click', async () => { await api('/api/logout', {method: 'POST'}); location.search = ''; });
  }
  who.appendChild(b);
}

function setupLogin() {
  $('#login').addEventListener('submit', async ev => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    try {
      await api('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
        body: JSON.stringify({user: f.get('user'), password: f.get('password')})});
      $('#login-dialog').close();
      if (location.pathname === '/login' || location.pathname === '/admin') {
        location.href = location.pathname === '/admin' ? '/admin' : '/';
        return;
      }
      await loadMenu();
      const u = readUrl();
      await open(u.d || (state.dashboards[0] && state.dashboards[0].id), u);
    } catch (e) {
      $('#login-error').textContent = e.message;
    }
  });
  $('#login-cancel').addEventListener('click', () => $('#login-dialog').close());
}

// ---------------------------------------------------------------- a dashboard
async function open(id, urlParams) {
  if (!id) {
    $('#intro').innerHTML = '';
    const p = document.createElement('p');
    p.textContent = word('ui.nothingToShow');
    $('#intro').appendChild(p);
    return;
  }
  const d = await api('/api/dashboards/' + encodeURIComponent(id));
  state.dashboard = d;
  state.params = {};
  for (const p of d.params) state.params[p.name] = urlParams[p.name] || d.defaults[p.name];
  document.querySelectorAll('#menu a').forEach(a => a.dataset.id === id ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current'));
  const intro = $('#intro');
  intro.replaceChildren();
  const h = document.createElement('h1');
  h.textContent = text(d.title);
  const desc = document.createElement('p');
  desc.textContent = text(d.description);
  intro.append(h, desc);
  document.title = text(d.title) + ' · satit';
  $('#finder').hidden = d.id !== 'public';
  await renderParams();
  renderCards();
  writeUrl();
}

async function renderParams() {
  const form = $('#params');
  form.replaceChildren();
  const d = state.dashboard;
  for (let i = 0; i < d.params.length; i++) {
    const p = d.params[i];
    const parents = new URLSearchParams();
    for (let j = 0; j < i; j++) parents.set(d.params[j].name, state.params[d.params[j].name]);
    const values = (await api(`/api/dimensions/${p.name}/values?${parents}`)).values;
    const label = document.createElement('label');
    const span = document.createElement('span');
    span.textContent = text(p.label);
    const sel = document.createElement('select');
    sel.name = p.name;
    for (const v of values) {
      const o = document.createElement('option');
      o.value = v.value;
      o.textContent = p.name === 'school' ? `${text(v.label)} (${v.value})` : text(v.label);
      sel.appendChild(o);
    }
    if (!values.some(v => v.value === state.params[p.name]) && values.length) state.params[p.name] = values[0].value;
    sel.value = state.params[p.name];
    sel.addEventListener('change', async () => {
      state.params[p.name] = sel.value;
      // a child keeps its value when it still belongs to the new parent, else takes the first that does
      await renderParams();
      renderCards();
      writeUrl();
    });
    label.append(span, sel);
    form.appendChild(label);
  }
}

function renderCards() {
  const grid = $('#charts');
  grid.replaceChildren();
  state.cards.clear();
  window.satit.charts = {};
  for (const c of state.dashboard.charts) {
    const card = document.createElement('article');
    card.className = 'card' + (c.template === 'table' ? ' wide' : '');
    card.dataset.chart = c.id;
    const h = document.createElement('h2');
    h.textContent = text(c.title);
    const meta = document.createElement('div');
    meta.className = 'meta';
    const fresh = document.createElement('span');
    fresh.className = 'fresh';
    fresh.textContent = word('ui.loading');
    const exports = exportTools(c);
    meta.append(fresh, exports.span);
    const el = document.createElement('div');
    el.className = 'chart';
    el.tabIndex = 0;
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', text(c.title));
    card.append(h, meta, el);
    grid.appendChild(card);
    const entry = {def: c, card, el, fresh, loading: false, again: false, data: null, exports};
    state.cards.set(c.id, entry);
    load(entry);
  }
}

async function load(entry) {
  if (entry.loading) { entry.again = true; return; }
  entry.loading = true;
  entry.card.classList.add('refreshing');
  const q = new URLSearchParams();
  for (const p of entry.def.params) if (state.params[p] !== undefined) q.set(p, state.params[p]);
  try {
    const data = await api(`/api/charts/${entry.def.id}/data?${q}`);
    entry.data = data;
    q.set('lang', state.lang);
    entry.exports.csv.href = `/api/charts/${entry.def.id}/data.csv?${q}`;
    entry.exports.csv.download = fileName(entry.def.id, data.params, 'csv');
    entry.exports.png.hidden = data.template === 'table';
    draw(entry);
  } catch (e) {
    entry.el.replaceChildren(Object.assign(document.createElement('p'), {className: 'empty', textContent: e.message}));
    window.satit.charts[entry.def.id] = {drawn: false, rows: 0, error: e.message};
  } finally {
    entry.loading = false;
    entry.card.classList.remove('refreshing');
    if (entry.again) { entry.again = false; load(entry); }
  }
}

function draw(entry, animate = true) {
  const data = entry.data;
  const when = W.asOf(state, data);
  entry.fresh.textContent = when.text;
  entry.fresh.title = when.help;
  if (!W.hasValues(data) || !data.rows.length) {
    const inst = window.echarts && echarts.getInstanceByDom(entry.el);
    if (inst) inst.dispose();
    entry.el.replaceChildren(Object.assign(document.createElement('p'), {className: 'empty', textContent: word('ui.noData')}));
    window.satit.charts[entry.def.id] = {drawn: false, rows: 0, version: data.version};
    return;
  }
  if (entry.el.querySelector('p.empty')) entry.el.replaceChildren();
  templates[data.template](entry.el, data, W.helpers(state, data, animate));
  // the disclosure legend under any chart that hides a cell
  const hiddenCount = W.hiddenRows(data);
  let legend = entry.card.querySelector('p.note.disclosure');
  if (hiddenCount) {
    if (!legend) {
      legend = Object.assign(document.createElement('p'), {className: 'note disclosure'});
      entry.card.appendChild(legend);
    }
    legend.textContent = word('disclosure.hidden');
  } else if (legend) {
    legend.remove();
  }
  window.satit.charts[entry.def.id] = {drawn: true, rows: data.rows.length, version: data.version,
    slope: entry.el.dataset.slope ? Number(entry.el.dataset.slope) : undefined};
}

// ---------------------------------------------------------------- exports and embedding
function exportTools(def) {
  const span = Object.assign(document.createElement('span'), {className: 'exports'});
  const csv = Object.assign(document.createElement('a'), {textContent: word('export.csv'), title: word('export.csvHelp'),
    className: 'csv', href: '#'});
  const png = Object.assign(document.createElement('button'), {type: 'button', textContent: word('export.png'),
    title: word('export.pngHelp'), className: 'png'});
  png.addEventListener('click', () => {
    const entry = state.cards.get(def.id);
    const url = entry && pngOf(entry.el);
    if (url) save(url, fileName(def.id, entry.data.params, 'png'));
  });
  const embed = Object.assign(document.createElement('button'), {type: 'button', textContent: word('export.embed'),
    title: word('export.embedHelp'), className: 'embed'});
  embed.addEventListener('click', () => embedDialog(def));
  span.append(csv, png, embed);
  return {span, csv, png};
}

// what a district webmaster pastes: the script once, the element per chart (with a token unless public)
function snippet(def, params, token) {
  const p = new URLSearchParams(params);
  return `<script src="${location.origin}/embed.js" async></script>\n`
    + `<satit-chart chart="${def.id}" params="${p}" lang="${state.lang}"${token ? ` token="${token}"` : ''}></satit-chart>`;
}

function embedDialog(def) {
  const params = {};
  for (const p of def.params) if (state.params[p] !== undefined) params[p] = state.params[p];
  let dlg = $('#embed-dialog');
  if (!dlg) {
    dlg = Object.assign(document.createElement('dialog'), {id: 'embed-dialog', className: 'embed-dialog'});
    document.body.appendChild(dlg);
  }
  const h = Object.assign(document.createElement('h2'), {textContent: word('embed.title') + ': ' + text(def.title)});
  const intro = Object.assign(document.createElement('p'), {textContent: word(def.public ? 'embed.public' : 'embed.restricted')});
  const code = Object.assign(document.createElement('textarea'), {readOnly: true, rows: 4, id: 'embed-code'});
  const copy = Object.assign(document.createElement('button'), {type: 'button', textContent: word('embed.copy')});
  copy.addEventListener('click', async () => {
    code.select();
    await navigator.clipboard.writeText(code.value).catch(() => document.execCommand('copy'));
    copy.textContent = word('embed.copied');
  });
  const close = Object.assign(document.createElement('button'), {type: 'button', textContent: word('ui.cancel')});
  close.addEventListener('click', () => dlg.close());
  const row = Object.assign(document.createElement('div'), {className: 'row'});
  const err = Object.assign(document.createElement('p'), {className: 'error'});
  dlg.replaceChildren(h, intro);
  if (def.public) {
    code.value = snippet(def, params, null);
    row.append(copy, close);
    dlg.append(code, row);
  } else {
    const days = Object.assign(document.createElement('input'), {type: 'number', min: 1, max: 366, value: 90, id: 'embed-days'});
    const label = Object.assign(document.createElement('label'), {textContent: word('embed.days') + ' '});
    label.appendChild(days);
    // the site it goes on: one an admin marked internal (the server refuses any other, and says why)
    const site = Object.assign(document.createElement('input'), {type: 'url', id: 'embed-site', required: true,
      placeholder: 'https://intranet.example.go.th', size: 36});
    site.setAttribute('list', 'embed-sites');
    const sites = Object.assign(document.createElement('datalist'), {id: 'embed-sites'});
    const siteLabel = Object.assign(document.createElement('label'), {textContent: word('embed.site') + ' '});
    siteLabel.append(site, sites);
    const none = Object.assign(document.createElement('p'), {className: 'note', id: 'embed-no-internal', hidden: true,
      textContent: word('embed.noInternal')});
    api('/api/embed/sites').then(r => {
      sites.replaceChildren(...r.internal.map(o => Object.assign(document.createElement('option'), {value: o})));
      if (r.internal.length === 1 && !site.value) site.value = r.internal[0];
      none.hidden = r.internal.length > 0;
    }).catch(() => {});
    const make = Object.assign(document.createElement('button'), {type: 'button', textContent: word('embed.make'), id: 'embed-make'});
    make.addEventListener('click', async () => {
      try {
        const g = await api('/api/embed/tokens', {method: 'POST', headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({chart: def.id, params, days: Number(days.value), site: site.value})});
        code.value = snippet(def, g.params, g.token);
        err.textContent = '';
      } catch (e) {
        code.value = '';
        err.textContent = e.message;
      }
    });
    row.append(make, copy, close);
    dlg.append(siteLabel, none, label, code, err, row);
  }
  dlg.showModal();
}

// ---------------------------------------------------------------- search (public pages)
function setupSearch() {
  const input = $('#find');
  if (!input) return;
  const list = $('#found');
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      list.replaceChildren();
      if (!q) return;
      const found = (await api('/api/search?q=' + encodeURIComponent(q))).results;
      if (!found.length) list.appendChild(Object.assign(document.createElement('li'), {textContent: word('public.noResults')}));
      for (const f of found) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        const params = new URLSearchParams(location.search);
        params.set('d', 'public');
        params.set('level', f.level);
        params.set('area', f.area);
        a.href = '?' + params;
        a.textContent = `${text(f.label)} · ${word('dim.' + f.level) !== 'dim.' + f.level ? word('dim.' + f.level) : f.level} (${f.area})`;
        li.appendChild(a);
        list.appendChild(li);
      }
    }, 250);
  });
}

// ---------------------------------------------------------------- live
function follow() {
  const es = new EventSource('/api/live');
  state.live = es;
  const badge = $('#live');
  es.addEventListener('version', ev => {
    const e = JSON.parse(ev.data);
    state.lastEvent = e;
    window.satit.events++;
    window.satit.version = e.version;
    badge.classList.remove('off');
    if (state.me && state.me.role === 'public') {
      // the public sees releases, not the warehouse: its pages follow them (each chart says which it shows)
      badge.textContent = word('ui.followingReleases');
      badge.title = word('ui.followingReleasesHelp');
    } else {
      badge.textContent = word('ui.live').replace('{0}', fmt(e.version));
      badge.title = word('ui.asOf').replace('{0}', time(e.committedAt));
    }
    for (const entry of state.cards.values()) {
      if (e.datasets.includes(entry.def.dataset)) load(entry);
    }
  });
  es.addEventListener('error', () => { badge.classList.add('off'); badge.textContent = word('ui.reconnecting'); });
}

// A page left (or kept in the back-forward cache) must give its stream back: over HTTP/1.1 a browser opens
// at most six connections to a server, and streams of hidden pages would starve the next page's requests.
window.addEventListener('pagehide', () => {
  if (state.live) { state.live.close(); state.live = null; }
});
window.addEventListener('pageshow', ev => {
  if (ev.persisted && !state.live) follow();
});

// ---------------------------------------------------------------- start
async function start() {
  // charts draw text on canvas: load the self-hosted Thai font first, or early charts fall back to boxes
  await Promise.all([document.fonts.load('400 14px Sarabun', 'กขค'), document.fonts.load('700 14px Sarabun', 'กขค'),
    document.fonts.load('400 14px Sarabun', 'abc')]).catch(() => {});
  await loadWords();
  setupLogin();
  $('#lang').addEventListener('click', async () => {
    state.lang = state.lang === 'th' ? 'en' : 'th';
    localStorage.setItem('satit.lang', state.lang);
    await loadWords();
    if (state.lastEvent) $('#live').textContent = word('ui.live').replace('{0}', fmt(state.lastEvent.version));
    await loadMenu();
    if (state.dashboard) {
      const d = state.dashboard;
      document.querySelectorAll('#menu a').forEach(a => a.dataset.id === d.id ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current'));
      $('#intro h1').textContent = text(d.title);
      $('#intro p').textContent = text(d.description);
      await renderParams();
      for (const entry of state.cards.values()) {
        entry.card.querySelector('h2').textContent = text(entry.def.title);
        if (entry.data) draw(entry, false);
      }
    }
  });
  await loadMenu();
  if (location.pathname === '/admin') {
    (await import('./admin.js')).render($('#main'), {api, word, me: state.me, login: () => $('#login-dialog').showModal()});
    return;
  }
  if (location.pathname === '/login' && state.me.role === 'public') $('#login-dialog').showModal();
  follow();
  const u = readUrl();
  // /public/ (the same page) opens the public results first
  const home = location.pathname.startsWith('/public') ? 'public' : null;
  const first = u.d || (home && state.dashboards.some(d => d.id === home) ? home : state.dashboards[0] && state.dashboards[0].id);
  setupSearch();
  try {
    await open(first, u);
  } catch (e) {
    if (e.status === 401) $('#login-dialog').showModal();
    else throw e;
  }
}

window.addEventListener('DOMContentLoaded', () => {
  const go = () => start().catch(e => { $('#intro').textContent = e.message; });
  if (window.echarts) go(); else window.addEventListener('load', go);
});
