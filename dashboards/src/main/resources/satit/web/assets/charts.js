// The chart templates, written once. Each takes (element, data, t) — data as /api/charts/{id}/data returns
// it (columns, rows, encode, labels, compare), t the page's formatting helpers — and draws the chart.
// A definition file picks a template and says which columns play which part (encode); nothing here is
// specific to one chart.

const FONT = "Sarabun, system-ui, sans-serif";
const PALETTE = ['#1f5fa8', '#d9822b', '#2e8b57', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#b7950b', '#2c3e50', '#e84393'];

function index(data) {
  const at = {};
  data.columns.forEach((c, i) => { at[c.name] = i; });
  return at;
}

function column(data, name) {
  return data.columns.find(c => c.name === name);
}

function list(v) {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function base(t, extra) {
  return Object.assign({
    color: PALETTE,
    textStyle: {fontFamily: FONT},
    aria: {enabled: true, decal: {show: true}},
    tooltip: {trigger: 'axis', valueFormatter: v => t.fmt(v)},
    legend: {type: 'scroll', bottom: 0, textStyle: {fontFamily: FONT}},
    grid: {left: 8, right: 16, top: 28, bottom: 40, containLabel: true},
    // relabelling (language switch) redraws at once; new data moves briefly so a change is seen
    animation: t.animate !== false,
    animationDuration: 300
  }, extra);
}

function draw(el, option) {
  let chart = echarts.getInstanceByDom(el);
  if (!chart) {
    chart = echarts.init(el, null, {renderer: 'canvas'});
    new ResizeObserver(() => chart.resize()).observe(el);
  }
  chart.setOption(option, true);
  return chart;
}

// distinct values of a dimension in row order (years sorted ascending)
function values(data, name) {
  const i = index(data)[name];
  const seen = [];
  for (const r of data.rows) {
    if (!seen.includes(r[i])) seen.push(r[i]);
  }
  if (name === 'year') seen.sort((a, b) => a - b);
  return seen;
}

function trend(el, data, t) {
  const e = data.encode, at = index(data);
  const xs = values(data, e.x);
  const series = [];
  if (e.series) {
    for (const s of values(data, e.series)) {
      series.push({name: t.label(e.series, s), type: 'line', connectNulls: false, symbolSize: 7,
        data: xs.map(x => { const r = data.rows.find(r => r[at[e.x]] === x && r[at[e.series]] === s); return r ? r[at[e.value]] : null; })});
    }
  } else {
    series.push({name: t.measure(column(data, e.value)), type: 'line', symbolSize: 8,
      data: xs.map(x => { const r = data.rows.find(r => r[at[e.x]] === x); return r ? r[at[e.value]] : null; })});
  }
  for (const ref of list(e.references)) {
    series.push({name: t.measure(column(data, ref)), type: 'line', lineStyle: {type: 'dashed'}, symbol: 'diamond',
      data: xs.map(x => { const r = data.rows.find(r => r[at[e.x]] === x); return r ? r[at[ref]] : null; })});
  }
  return draw(el, base(t, {
    xAxis: {type: 'category', data: xs.map(x => t.label(e.x, x))},
    yAxis: {type: 'value', scale: true, axisLabel: {formatter: v => t.fmt(v)}},
    series
  }));
}

function barReference(el, data, t) {
  const e = data.encode, at = index(data);
  const cats = values(data, e.category);
  const series = [];
  if (e.series) {
    for (const s of values(data, e.series)) {
      series.push({name: t.label(e.series, s), type: 'bar',
        data: cats.map(c => { const r = data.rows.find(r => r[at[e.category]] === c && r[at[e.series]] === s); return r ? r[at[e.value]] : null; })});
    }
  } else {
    for (const v of list(e.value)) {
      series.push({name: t.measure(column(data, v)), type: 'bar',
        data: cats.map(c => data.rows.find(r => r[at[e.category]] === c)[at[v]])});
    }
  }
  for (const ref of list(e.references)) {
    const name = ref === 'compare' ? t.text(data.compare.label) : t.measure(column(data, ref));
    const rows = ref === 'compare' ? data.compare.rows : data.rows;
    const vi = ref === 'compare' ? at[list(e.value)[0]] : at[ref];
    series.push({name, type: 'line', symbol: 'diamond', symbolSize: 12, lineStyle: {type: 'dashed', width: 1.5},
      data: cats.map(c => { const r = rows.find(r => r[at[e.category]] === c); return r ? r[vi] : null; })});
  }
  // many categories, or a narrow screen: bars run sideways so every label stays readable
  const horizontal = cats.length > 8 || (el.clientWidth < 480 && cats.length > 3);
  const catAxis = {type: 'category', data: cats.map(c => t.label(e.category, c)), axisLabel: {interval: 0, width: 160, overflow: 'truncate'}};
  const valAxis = {type: 'value', axisLabel: {formatter: v => t.fmt(v)}};
  if (horizontal) {
    catAxis.inverse = true;
    el.style.height = Math.max(340, 26 * cats.length + 80) + 'px';
  }
  return draw(el, base(t, {xAxis: horizontal ? valAxis : catAxis, yAxis: horizontal ? catAxis : valAxis, series}));
}

// quartiles from a 10-band histogram (0–9, 10–19, …, 90–100), interpolated within the band
function quartiles(bins) {
  const n = bins.reduce((a, b) => a + b, 0);
  if (!n) return null;
  const q = p => {
    const want = p * n;
    let cum = 0;
    for (let i = 0; i < 10; i++) {
      if (cum + bins[i] >= want && bins[i] > 0) return 10 * i + 10 * (want - cum) / bins[i];
      cum += bins[i];
    }
    return 100;
  };
  const first = bins.findIndex(b => b > 0), last = 9 - [...bins].reverse().findIndex(b => b > 0);
  return [10 * first, q(0.25), q(0.5), q(0.75), Math.min(100, 10 * last + 10)].map(v => Math.round(v * 10) / 10);
}

function boxplot(el, data, t) {
  const e = data.encode, at = index(data);
  const cats = values(data, e.category);
  const boxes = cats.map(c => {
    const r = data.rows.find(r => r[at[e.category]] === c);
    return quartiles(e.bins.map(b => Number(r[at[b]]) || 0));
  });
  return draw(el, base(t, {
    tooltip: {trigger: 'item', formatter: p => `${p.name}<br>${t.word('ui.median')}: ${t.fmt(p.data[3])}<br>`
      + `${t.word('ui.quartiles')}: ${t.fmt(p.data[2])} – ${t.fmt(p.data[4])}<br>${t.word('ui.range')}: ${t.fmt(p.data[1])} – ${t.fmt(p.data[5])}`},
    legend: {show: false},
    xAxis: {type: 'category', data: cats.map(c => t.label(e.category, c)), axisLabel: {interval: 0, rotate: cats.length > 6 ? 30 : 0}},
    yAxis: {type: 'value', min: 0, max: 100, name: t.word('ui.score')},
    series: [{name: t.word('ui.distribution'), type: 'boxplot', data: boxes}]
  }));
}

function heatmap(el, data, t) {
  const e = data.encode, at = index(data);
  const ys = values(data, e.y);
  const xs = list(e.columns);
  const cells = [];
  ys.forEach((y, yi) => {
    const r = data.rows.find(r => r[at[e.y]] === y);
    xs.forEach((x, xi) => { if (r[at[x]] !== null && r[at[x]] !== undefined) cells.push([xi, yi, Math.round(r[at[x]] * 10) / 10]); });
  });
  return draw(el, base(t, {
    tooltip: {trigger: 'item', formatter: p => `${t.label(e.y, ys[p.data[1]])} · ${t.measure(column(data, xs[p.data[0]]))}: ${t.fmt(p.data[2])}`},
    legend: {show: false},
    grid: {left: 8, right: 16, top: 10, bottom: 60, containLabel: true},
    xAxis: {type: 'category', data: xs.map(x => t.measure(column(data, x))), axisLabel: {interval: 0, rotate: 20}},
    yAxis: {type: 'category', data: ys.map(y => t.label(e.y, y))},
    visualMap: {min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
      inRange: {color: ['#c0392b', '#f5d76e', '#2e8b57']}},
    series: [{type: 'heatmap', data: cells, label: {show: true, formatter: p => t.fmt(p.data[2])}}]
  }));
}

// least squares y = a + b x
function fit(points) {
  const n = points.length;
  if (n < 3) return null;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const [x, y] of points) { sx += x; sy += y; sxx += x * x; sxy += x * y; }
  const d = n * sxx - sx * sx;
  if (!d) return null;
  const b = (n * sxy - sx * sy) / d;
  return {a: (sy - b * sx) / n, b, n};
}

function scatterFit(el, data, t) {
  const e = data.encode, at = index(data);
  const pts = data.rows.filter(r => r[at[e.x]] !== null && r[at[e.y]] !== null)
    .map(r => [Number(r[at[e.x]]), Number(r[at[e.y]]), r[at[e.point]]]);
  const f = fit(pts);
  const xs = pts.map(p => p[0]);
  const lo = Math.min(...xs), hi = Math.max(...xs);
  const series = [{name: t.measure(column(data, e.y)), type: 'scatter', symbolSize: 6, data: pts}];
  if (f) {
    series.push({name: t.word('ui.fit'), type: 'line', symbol: 'none', lineStyle: {width: 2, color: '#c0392b'},
      data: [[lo, f.a + f.b * lo], [hi, f.a + f.b * hi]]});
  }
  el.dataset.slope = f ? f.b : '';
  return draw(el, base(t, {
    title: f ? {text: t.word('ui.slope').replace('{0}', t.fmt(f.b, 3)).replace('{1}', t.fmt(f.n, 0)),
      left: 'center', top: 0, textStyle: {fontSize: 12, fontWeight: 'normal', fontFamily: FONT}} : undefined,
    tooltip: {trigger: 'item', formatter: p => p.seriesType === 'scatter'
      ? `${t.label(e.point, p.data[2])}<br>${t.measure(column(data, e.x))}: ${t.fmt(p.data[0])}<br>${t.measure(column(data, e.y))}: ${t.fmt(p.data[1])}` : ''},
    legend: {show: false},
    grid: {left: 30, right: 16, top: 36, bottom: 36, containLabel: true},
    xAxis: {type: 'value', scale: true, name: t.measure(column(data, e.x)), nameLocation: 'middle', nameGap: 26},
    yAxis: {type: 'value', scale: true, name: t.measure(column(data, e.y)), nameLocation: 'middle', nameGap: 34},
    series
  }));
}

function stackedBands(el, data, t) {
  const e = data.encode, at = index(data);
  const cats = values(data, e.category);
  const colours = ['#c0392b', '#f0ad4e', '#5dade2', '#1e8449'];
  const series = e.parts.map((p, i) => ({
    name: t.measure(column(data, p)), type: 'bar', stack: 'bands', itemStyle: {color: colours[i % colours.length]},
    data: cats.map(c => { const r = data.rows.find(r => r[at[e.category]] === c); return r ? r[at[p]] : null; })
  }));
  const horizontal = cats.length > 6 || (el.clientWidth < 480 && cats.length > 3);
  const catAxis = {type: 'category', data: cats.map(c => t.label(e.category, c)), axisLabel: {interval: 0, width: 160, overflow: 'truncate'}};
  const valAxis = {type: 'value', max: 100, axisLabel: {formatter: v => t.fmt(v) + '%'}};
  if (horizontal) {
    catAxis.inverse = true;
    el.style.height = Math.max(340, 26 * cats.length + 80) + 'px';
  }
  return draw(el, base(t, {
    tooltip: {trigger: 'axis', valueFormatter: v => t.fmt(v) + '%'},
    xAxis: horizontal ? valAxis : catAxis, yAxis: horizontal ? catAxis : valAxis, series
  }));
}

function table(el, data, t) {
  const e = data.encode, at = index(data);
  const cols = list(e.columns).length ? list(e.columns) : data.columns.map(c => c.name);
  el.classList.add('table-wrap');
  el.style.height = 'auto';
  const tbl = document.createElement('table');
  tbl.className = 'data';
  const head = document.createElement('tr');
  let sort = null;
  const body = document.createElement('tbody');
  const fill = () => {
    body.replaceChildren();
    const rows = [...data.rows];
    if (sort) rows.sort((a, b) => (a[at[sort.c]] > b[at[sort.c]] ? 1 : a[at[sort.c]] < b[at[sort.c]] ? -1 : 0) * sort.dir);
    for (const r of rows) {
      const tr = document.createElement('tr');
      for (const c of cols) {
        const col = column(data, c), v = r[at[c]];
        const td = document.createElement('td');
        const hidden = at.suppressed !== undefined && r[at.suppressed] === true;
        if (!col.measure) { td.className = 'dim'; td.textContent = t.label(c, v); }
        else if (hidden) { td.className = 'hidden'; td.textContent = t.word('public.hiddenMark'); }
        else if (e.coded && e.coded[0] === c && r[at[e.coded[1]]]) { td.textContent = r[at[e.coded[1]]]; }
        else {
          td.textContent = col.unit === 'timestamp' ? t.time(v)
            : col.unit === 'percent' && v !== null && v !== undefined ? t.fmt(v) + '%' : t.fmt(v);
          if (/gap|change|gain/.test(c) && typeof v === 'number') td.classList.add(v < 0 ? 'neg' : 'pos');
        }
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  };
  for (const c of cols) {
    const th = document.createElement('th');
    const col = column(data, c);
    th.textContent = col.measure ? t.measure(col) : t.dimension(c);
    th.tabIndex = 0;
    th.scope = 'col';
    if (!col.measure) th.className = 'dim';
    const by = () => { sort = {c, dir: sort && sort.c === c ? -sort.dir : 1}; fill(); };
    th.addEventListener('click', by);
    th.addEventListener('keydown', ev => { if (ev.key === 'Enter') by(); });
    head.appendChild(th);
  }
  const thead = document.createElement('thead');
  thead.appendChild(head);
  tbl.append(thead, body);
  fill();
  el.replaceChildren(tbl);
  return null;
}

export const templates = {
  trend, bar_reference: barReference, boxplot, heatmap, scatter_fit: scatterFit, stacked_bands: stackedBands, table
};
export {quartiles, fit};
