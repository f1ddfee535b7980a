// <satit-chart>: a satit chart on any page of a listed website. Paste once per page:
//   <script src="https://SATIT-HOST/embed.js" async></script>
// and once per chart:
//   <satit-chart chart="public_trend" params="level=esa&area=5003" lang="th"></satit-chart>
// (add token="…" for a chart that is not public: satit's Embed button makes the code). The chart lives in an
// iframe from satit, so the host page's styles and scripts cannot touch it, and it sizes itself to its content.
(() => {
  const origin = new URL(document.currentScript ? document.currentScript.src : location.href).origin;

  class SatitChart extends HTMLElement {
    static get observedAttributes() { return ['chart', 'params', 'token', 'lang', 'height']; }

    connectedCallback() { this.render(); }

    attributeChangedCallback() { if (this.isConnected) this.render(); }

    render() {
      const chart = this.getAttribute('chart');
      if (!chart) return;
      const q = new URLSearchParams(this.getAttribute('params') || '');
      if (this.getAttribute('lang')) q.set('lang', this.getAttribute('lang'));
      let src = origin + '/embed/' + encodeURIComponent(chart) + (String(q) ? '?' + q : '');
      const token = this.getAttribute('token');
      if (token) src += '#token=' + encodeURIComponent(token);
      let frame = this.querySelector('iframe');
      if (!frame) {
        frame = document.createElement('iframe');
        frame.style.cssText = 'width:100%;border:0;display:block;min-height:200px';
        frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
        this.appendChild(frame);
      }
      frame.title = this.getAttribute('title') || chart;
      frame.height = this.getAttribute('height') || '440';
      if (frame.src !== src) frame.src = src;
    }
  }

  // the embedded page reports its height: fit the frame to it
  window.addEventListener('message', ev => {
    if (ev.origin !== origin || !ev.data || ev.data.satit !== 'size') return;
    for (const f of document.querySelectorAll('satit-chart iframe')) {
      if (f.contentWindow === ev.source && Number.isFinite(ev.data.height)) f.height = String(Math.ceil(ev.data.height) + 2);
    }
  });

  if (!customElements.get('satit-chart')) customElements.define('satit-chart', SatitChart);
})();
