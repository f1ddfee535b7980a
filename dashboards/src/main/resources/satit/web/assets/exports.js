// Downloads of what a chart shows: its data as CSV (from the server, which keeps hidden cells empty) and its
// picture as PNG (drawn by ECharts in the browser, white background, twice the screen's pixels).

export function save(blobOrUrl, name) {
  const a = document.createElement('a');
  const url = typeof blobOrUrl === 'string' ? blobOrUrl : URL.createObjectURL(blobOrUrl);
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (typeof blobOrUrl !== 'string') setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// the chart's picture, or null for a table (which has no canvas: take its CSV)
export function pngOf(el) {
  const inst = window.echarts && echarts.getInstanceByDom(el);
  return inst ? inst.getDataURL({type: 'png', pixelRatio: 2, backgroundColor: '#fff'}) : null;
}

export function fileName(chart, params, ext) {
  const parts = [chart, ...Object.values(params || {}).map(v => String(v).replace(/[^A-Za-z0-9-]/g, ''))];
  return parts.filter(Boolean).join('_') + '.' + ext;
}
