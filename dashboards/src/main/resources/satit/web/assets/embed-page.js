// One chart alone, inside a district website's iframe (/embed/{chart}?params[&lang=en]#token=…). A public
// chart needs no token; any other carries an embed token in the fragment (never sent to a server in a URL),
// sent as a bearer header and swapped for a fresh one before it expires, so an open page never breaks.
// The chart follows the warehouse live like the dashboards do, and tells the host page its height.
import {templates} from './charts.js';
import * as W from './words.js';
import {save, pngOf, fileName} from './exports.js';

const $ = s => document.querySelector(s);
const chart = decodeURIComponent(location.pathname.split('/').pop());
const query = new URLSearchParams(location.search);
const state = {lang: query.get('lang') === 'en' ? 'en' : 'th', words: {}, data: null};
query.delete('lang');
let token = new URLSearchParams(location.hash.slice(1)).get('token');
let refreshTimer = null;
// what the browser tests read
window.satit = {chart, drawn: false, rows: 0, refreshes: 0, error: null, version: null};

function csrf() {
  const m = document.cookie.match(/(?:^|; )satit_csrf=([^;]*)/);
  return m ? m[1] : '';
}

// the site whose page frames this one, as the browser knows it (the closest ancestor): the server shows a chart that
// is not public only to the internal site its embed code was made for
const embedder = (location.ancestorOrigins && location.ancestorOrigins.length) ? location.ancestorOrigins[0]
  : (document.referrer ? new URL(document.referrer).origin : '');

async function call(path, options = {}) {
  if (embedder) options.headers = Object.assign({}, options.headers, {'X-Satit-Embedder': embedder});
  const r = await fetch(path, options);
  if (!r.ok) {
    const body = await r.json().catch(() => ({error: r.statusText}));
    throw Object.assign(new Error(body.error || r.statusText), {status: r.status});
  }
  return r;
}

// a token's times, in the server's clock: the browser's may be minutes off (a school computer), so the page only
// ever uses their difference, never compares them with its own clock alone
function claims(t) {
  try {
    return JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch (e) {
    return {};
  }
}

// how long this token still lives, in ms: a fresh one (just swapped) its whole life; the one the page came with
// at most that, and less if the browser's clock says it is older
function lifeLeft(t, fresh) {
  const c = claims(t);
  if (!c.exp) return 0;
  const life = c.iat ? (c.exp - c.iat) * 1000 : 0;
  return fresh ? life : Math.min(life || Infinity, c.exp * 1000 - Date.now());
}

// swap the token for a fresh one a minute before it expires (or at three quarters of a short life)
function schedule(fresh) {
  clearTimeout(refreshTimer);
  if (!token) return;
  const left = lifeLeft(token, fresh);
  const wait = left > 120000 ? left - 60000 : Math.max(0, left * 0.75);
  refreshTimer = setTimeout(() => refresh().catch(showError), wait);
}

async function refresh() {
  const r = await call('/api/embed/refresh', {method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-Satit-CSRF': csrf()}, body: JSON.stringify({token})});
  token = (await r.json()).token;
  window.satit.refreshes++;
  schedule(true);
}

function data() {
  const headers = {'Accept': 'application/json'};
  if (token) headers.Authorization = 'Bearer ' + token;
  return call(`/api/embed/${encodeURIComponent(chart)}/data?${query}`, {headers});
}

async function load() {
  if (token && lifeLeft(token, false) <= 0) await refresh(); // a page opened after the token's short life
  let r;
  try {
    r = await data();
  } catch (e) {
    // the token ran out on the way, or the browser's clock is behind the server's: swap it and ask once more
    // (an ended grant fails the swap, which then says why)
    if (e.status !== 401 || !token) throw e;
    await refresh();
    r = await data();
  }
  state.data = await r.json();
  draw();
}

function draw() {
  const data = state.data;
  $('#title').textContent = W.text(state, data.title);
  document.title = W.text(state, data.title);
  const when = W.asOf(state, data);
  $('#fresh').textContent = when.text;
  $('#fresh').title = when.help;
  const el = $('#chart');
  if (!W.hasValues(data) || !data.rows.length) {
    el.replaceChildren(Object.assign(document.createElement('p'), {className: 'empty', textContent: W.word(state, 'ui.noData')}));
  } else {
    if (el.querySelector('p.empty')) el.replaceChildren();
    el.setAttribute('aria-label', W.text(state, data.title));
    templates[data.template](el, data, W.helpers(state, data, true));
  }
  const hidden = W.hiddenRows(data);
  $('#legend').hidden = !hidden;
  $('#legend').textContent = hidden ? W.word(state, 'disclosure.hidden') : '';
  $('#png').hidden = data.template === 'table';
  Object.assign(window.satit, {drawn: true, rows: data.rows.length, version: data.version, hidden, error: null});
  tellHeight();
}

function showError(e) {
  const ended = e.status === 401 || e.status === 403;
  $('#chart').replaceChildren(Object.assign(document.createElement('p'), {className: 'empty',
    textContent: ended && token ? W.word(state, 'embed.ended') + ' (' + e.message + ')' : e.message}));
  Object.assign(window.satit, {drawn: false, error: e.message, status: e.status});
  tellHeight();
}

function tellHeight() {
  if (window.parent !== window) {
    window.parent.postMessage({satit: 'size', chart, height: document.documentElement.scrollHeight}, '*');
  }
}

async function csv(ev) {
  ev.preventDefault();
  const headers = token ? {Authorization: 'Bearer ' + token} : {};
  const q = new URLSearchParams(query);
  q.set('lang', state.lang);
  const r = await call(`/api/embed/${encodeURIComponent(chart)}/data.csv?${q}`, {headers});
  save(await r.blob(), fileName(chart, state.data && state.data.params, 'csv'));
}

// One live connection for all of satit's charts on a page: a browser opens at most six HTTP/1.1 connections
// to a server, so a district page with many embedded charts must not hold one stream each. The frame that
// holds the lock keeps the stream and passes its events on; when it goes, another frame takes over.
function followLive(onVersion) {
  const channel = new BroadcastChannel('satit-live');
  channel.onmessage = ev => onVersion(ev.data);
  const lead = () => new Promise(() => {
    const es = new EventSource('/api/live');
    window.satit.leader = true;
    es.addEventListener('version', ev => {
      const e = JSON.parse(ev.data);
      channel.postMessage(e);
      onVersion(e);
    });
    window.addEventListener('pagehide', () => es.close());
  });
  if (navigator.locks) navigator.locks.request('satit-live', lead); else lead();
}

async function start() {
  await Promise.all([document.fonts.load('400 14px Sarabun', 'กขค'), document.fonts.load('400 14px Sarabun', 'abc')]).catch(() => {});
  state.words = await (await call('/api/labels/' + state.lang)).json();
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = W.word(state, el.dataset.i18n); });
  $('#csv').title = W.word(state, 'export.csvHelp');
  $('#png').title = W.word(state, 'export.pngHelp');
  $('#csv').addEventListener('click', ev => csv(ev).catch(showError));
  $('#png').addEventListener('click', () => {
    const url = pngOf($('#chart'));
    if (url) save(url, fileName(chart, state.data.params, 'png'));
  });
  schedule(false);
  await load();
  // follow the warehouse: any new version may move this chart (unchanged tables answer from the cache)
  let pending = null;
  followLive(e => {
    window.satit.liveVersion = e.version;
    clearTimeout(pending);
    pending = setTimeout(() => load().catch(showError), 200);
  });
  new ResizeObserver(tellHeight).observe(document.body);
}

window.addEventListener('DOMContentLoaded', () => {
  const go = () => start().catch(showError);
  if (window.echarts) go(); else window.addEventListener('load', go);
});
