// The admin page (/admin, role admin): the users of the users file, the API tokens of machine clients, the public
// release (Publish now), and the embedding sites and embed codes. Every change goes to /api/admin/… at once (the
// server writes the file and ends a changed user's sessions; embeds and releases are kept in the warehouse).

const ROLES = ['district', 'analyst', 'admin', 'public'];

function el(tag, props = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

function field(label, input) {
  return el('label', {}, el('span', {textContent: label}), input);
}

function table(headers, rows) {
  const head = el('tr', {}, ...headers.map(h => el('th', {textContent: h, scope: 'col'})));
  return el('table', {className: 'data'}, el('thead', {}, head), el('tbody', {}, ...rows));
}

export async function render(main, {api, word, me, login}) {
  main.replaceChildren();
  const page = el('div', {className: 'admin'}, el('h1', {textContent: word('admin.title')}));
  main.appendChild(page);
  document.title = word('admin.title') + ' · satit';
  if (me.role === 'public') { login(); return; }
  let data;
  try {
    data = await api('/api/admin/users');
  } catch (e) {
    page.appendChild(el('p', {className: 'error', textContent: e.message}));
    return;
  }
  const again = () => render(main, {api, word, me, login});
  const json = body => ({method: 'PUT', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});

  // users
  const error = el('p', {className: 'error', role: 'alert'});
  const userRows = data.users.map(u => {
    const remove = el('button', {type: 'button', textContent: word('admin.remove')});
    remove.addEventListener('click', async () => {
      if (!confirm(word('admin.confirmRemove') + ' ' + u.name)) return;
      try { await api('/api/admin/users/' + encodeURIComponent(u.name), {method: 'DELETE'}); again(); }
      catch (e) { error.textContent = e.message; }
    });
    return el('tr', {}, el('td', {textContent: u.name}), el('td', {textContent: word('role.' + u.role)}),
      el('td', {textContent: u.esa || '–'}), el('td', {}, remove));
  });
  const name = el('input', {name: 'name', required: true, maxLength: 64, pattern: '[A-Za-z0-9_.@-]{1,64}', autocomplete: 'off'});
  const role = el('select', {name: 'role'}, ...ROLES.map(r => el('option', {value: r, textContent: word('role.' + r)})));
  const esa = el('input', {name: 'esa', maxLength: 4, pattern: '\\d{4}', size: 5});
  const password = el('input', {name: 'password', type: 'password', minLength: 12, required: true, autocomplete: 'new-password'});
  const save = el('button', {type: 'submit', textContent: word('admin.save')});
  const form = el('form', {id: 'user-form'}, field(word('admin.name'), name), field(word('admin.role'), role),
    field(word('admin.esa'), esa), field(word('admin.newPassword'), password), save);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      await api('/api/admin/users/' + encodeURIComponent(name.value), json({role: role.value,
        esa: role.value === 'district' ? esa.value : null, password: password.value}));
      again();
    } catch (e) { error.textContent = e.message; }
  });
  page.appendChild(el('section', {id: 'users'}, el('h2', {textContent: word('admin.users')}),
    table([word('admin.name'), word('admin.role'), word('admin.esa'), ''], userRows), form, error));

  // API tokens
  const tokenError = el('p', {className: 'error', role: 'alert'});
  const tokenRows = data.tokens.map(t => {
    const revoke = el('button', {type: 'button', textContent: word('admin.revoke')});
    revoke.addEventListener('click', async () => {
      try { await api('/api/admin/tokens/' + encodeURIComponent(t.id), {method: 'DELETE'}); again(); }
      catch (e) { tokenError.textContent = e.message; }
    });
    return el('tr', {}, el('td', {textContent: t.id}), el('td', {textContent: t.user}), el('td', {textContent: t.label}),
      el('td', {textContent: String(t.created).slice(0, 10)}), el('td', {textContent: String(t.expires).slice(0, 10)}),
      el('td', {}, revoke));
  });
  const user = el('select', {name: 'user'}, ...data.users.map(u => el('option', {value: u.name, textContent: u.name})));
  const label = el('input', {name: 'label', maxLength: 100});
  const days = el('input', {name: 'days', type: 'number', min: 1, max: 731, value: 365});
  const make = el('button', {type: 'submit', textContent: word('admin.makeToken')});
  const shown = el('div', {id: 'new-token'});
  const tokenForm = el('form', {id: 'token-form'}, field(word('admin.name'), user), field(word('admin.label'), label),
    field(word('admin.days'), days), make);
  tokenForm.addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      const t = await api('/api/admin/tokens', {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({user: user.value, label: label.value, days: Number(days.value)})});
      await again();
      document.getElementById('new-token').replaceChildren(el('p', {textContent: word('admin.tokenOnce')}),
        el('p', {className: 'once', textContent: t.token}));
    } catch (e) { tokenError.textContent = e.message; }
  });
  page.appendChild(el('section', {id: 'tokens'}, el('h2', {textContent: word('admin.tokens')}),
    table(['id', word('admin.name'), word('admin.label'), word('admin.created'), word('admin.expires'), ''], tokenRows),
    tokenForm, shown, tokenError));

  await releaseSection(page, {api, word});
  await embedSections(page, {api, word, again});
}

function say(word, key, ...args) {
  return args.reduce((t, a, i) => t.replace('{' + i + '}', a), word(key));
}

function when(v) {
  return v ? String(v).replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '–';
}

// the public release: which one the public sees, why it was made, the schedule, and Publish now
async function releaseSection(page, {api, word}) {
  const section = el('section', {id: 'release'}, el('h2', {textContent: word('admin.release')}));
  page.appendChild(section);
  const info = el('div', {id: 'release-info'});
  const message = el('p', {id: 'release-message', role: 'status'});
  const publish = el('button', {type: 'button', id: 'publish-now', textContent: word('admin.publishNow')});
  const show = r => {
    const kind = r.last && r.last.kind ? say(word, 'kind.' + r.last.kind, r.last.by || '') : '–';
    info.replaceChildren(
      el('p', {textContent: r.last ? say(word, 'admin.releaseLast', r.last.id, when(r.last.releasedAt), kind)
        : word('admin.releaseNone')}),
      el('p', {textContent: say(word, 'admin.releaseSchedule', r.schedule, when(r.next))}),
      el('p', {textContent: say(word, 'admin.releaseHeld', r.last && r.last.heldCells != null ? r.last.heldCells : '–')}),
      ...(r.problem ? [el('p', {className: 'error', textContent: r.problem})] : []));
  };
  try {
    show(await api('/api/admin/release'));
  } catch (e) {
    section.appendChild(el('p', {className: 'error', textContent: e.message}));
    return;
  }
  publish.addEventListener('click', async () => {
    publish.disabled = true;
    try {
      const r = await api('/api/admin/release', {method: 'POST'});
      show(r);
      message.textContent = r.published ? say(word, 'admin.published', r.last.id) : word('admin.nothingToPublish');
    } catch (e) {
      message.textContent = e.message;
    } finally {
      publish.disabled = false;
    }
  });
  section.append(info, publish, message);
}

// the websites that embed satit (internal or public) and every embed code, each revocable
async function embedSections(page, {api, word, again}) {
  let data;
  try {
    data = await api('/api/admin/embeds');
  } catch (e) {
    page.appendChild(el('p', {className: 'error', textContent: e.message}));
    return;
  }
  const error = el('p', {className: 'error', role: 'alert', id: 'embed-error'});
  const mark = async (site, internal, note) => {
    try {
      await api('/api/admin/embeds/sites', {method: 'PUT', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({site, internal, note})});
      again();
    } catch (e) { error.textContent = e.message; }
  };
  const siteRows = data.sites.map(s => {
    const toggle = el('button', {type: 'button', className: 'toggle',
      textContent: word(s.internal ? 'admin.markPublic' : 'admin.markInternal')});
    toggle.addEventListener('click', () => mark(s.site, !s.internal, s.note));
    const tr = el('tr', {}, el('td', {textContent: s.site}),
      el('td', {textContent: word(s.internal ? 'admin.internal' : 'admin.public')}), el('td', {textContent: s.note || ''}),
      el('td', {textContent: s.markedBy + ' · ' + when(s.markedAt)}), el('td', {}, toggle));
    tr.dataset.site = s.site;
    return tr;
  });
  const site = el('input', {name: 'site', id: 'site-origin', type: 'url', required: true, size: 36,
    placeholder: 'https://intranet.example.go.th'});
  const note = el('input', {name: 'note', id: 'site-note', maxLength: 200});
  const add = el('button', {type: 'submit', textContent: word('admin.markInternal')});
  const form = el('form', {id: 'site-form'}, field(word('admin.site'), site), field(word('admin.note'), note), add);
  form.addEventListener('submit', ev => { ev.preventDefault(); mark(site.value, true, note.value); });
  page.appendChild(el('section', {id: 'embed-sites'}, el('h2', {textContent: word('admin.embedSites')}),
    el('p', {className: 'note', textContent: word('admin.embedSitesHelp')}),
    table([word('admin.site'), word('admin.status'), word('admin.note'), word('admin.markedBy'), ''], siteRows),
    form, error));

  const grantRows = data.grants.map(g => {
    const revoke = el('button', {type: 'button', className: 'revoke', textContent: word('admin.revoke'),
      disabled: !!g.revokedAt});
    revoke.addEventListener('click', async () => {
      try { await api('/api/admin/embeds/grants/' + encodeURIComponent(g.id), {method: 'DELETE'}); again(); }
      catch (e) { error.textContent = e.message; }
    });
    const status = g.revokedAt ? say(word, 'admin.revoked', when(g.revokedAt), g.revokedBy)
      : g.internal ? word('admin.active') : word('admin.notInternal');
    const params = Object.entries(g.params).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => k + '=' + v).join(', ');
    const tr = el('tr', {}, el('td', {textContent: g.grantedBy + (g.esa ? ' (' + g.esa + ')' : '')}),
      el('td', {textContent: g.chart}), el('td', {textContent: params}), el('td', {textContent: g.site}),
      el('td', {textContent: when(g.refreshUntil)}), el('td', {className: 'status', textContent: status}),
      el('td', {}, revoke));
    tr.dataset.grant = g.id;
    return tr;
  });
  page.appendChild(el('section', {id: 'embed-grants'}, el('h2', {textContent: word('admin.embedGrants')}),
    table([word('admin.grantedBy'), word('admin.chart'), word('admin.params'), word('admin.site'), word('admin.until'),
      word('admin.status'), ''], grantRows)));
}
