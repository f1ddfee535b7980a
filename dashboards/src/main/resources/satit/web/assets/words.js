// Words and numbers as a reader of either language expects them, shared by the dashboards (app.js) and the
// embedded charts (embed-page.js). `s` is the page's state: {lang: 'th'|'en', words: {key: text}}.

export function word(s, key) { return s.words[key] || key; }
export function text(s, label) { return label ? (label[s.lang] || label.en) : ''; }
const locale = s => s.lang === 'th' ? 'th-TH' : 'en-GB';
export function fmt(s, v, digits = 1) {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v !== 'number') return String(v);
  return new Intl.NumberFormat(locale(s), {maximumFractionDigits: Number.isInteger(v) ? 0 : digits}).format(v);
}
// dates and times in the Buddhist era, as Thai readers expect (also in English)
export function time(s, v) {
  if (v === null || v === undefined || v === '') return '–';
  const d = typeof v === 'number' ? new Date(v) : new Date(String(v).endsWith('Z') || String(v).includes('+') ? v : v + 'Z');
  return new Intl.DateTimeFormat(locale(s) + '-u-ca-buddhist', {dateStyle: 'medium', timeStyle: 'medium'}).format(d);
}
// under a chart: when its data is from. A chart of the public release says which release and when it was made
// ("results as of …"): the public numbers change only at a release, not with the warehouse
export function asOf(s, data) {
  if (data.release) {
    return {text: word(s, 'ui.releasedAsOf').replace('{0}', time(s, data.release.releasedAt)).replace('{1}', data.release.id),
      help: word(s, 'ui.releaseHelp').replace('{0}', data.release.schedule || '–')};
  }
  return {text: word(s, 'ui.asOf').replace('{0}', time(s, data.updatedAt)) + ' · v' + data.version,
    help: word(s, 'ui.freshnessHelp')};
}
// what the chart templates (charts.js) get to format a chart's data
export function helpers(s, data, animate) {
  return {
    lang: s.lang, fmt: (v, d) => fmt(s, v, d), time: v => time(s, v), word: k => word(s, k), text: l => text(s, l), animate,
    label(dim, value) {
      const l = data.labels && data.labels[dim] && data.labels[dim][value];
      if (l) return text(s, l);
      if (dim === 'year') return String(value);
      const key = {subject: 'subject.', test: 'test.', grade: 'grade.'}[dim];
      return key && s.words[key + value] ? s.words[key + value] : String(value);
    },
    measure(col) { return col ? text(s, col.label) : ''; },
    dimension(name) { return s.words['dim.' + name] || name; }
  };
}
// the number of rows the disclosure engine hid (shown with a legend under the chart)
export function hiddenRows(data) {
  const si = data.columns.findIndex(c => c.name === 'suppressed');
  return si < 0 ? 0 : data.rows.filter(r => r[si] === true).length;
}
// whether any measure has a value to draw
export function hasValues(data) {
  return data.rows.some(r => r.some((v, i) => data.columns[i].measure && v !== null && v !== undefined));
}
