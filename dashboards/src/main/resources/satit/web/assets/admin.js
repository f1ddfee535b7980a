// The admin page (/admin, role admin): the users of the users file and the API tokens of machine clients.
// Every change goes to /api/admin/… at once (the server writes the file and ends a changed user's sessions).

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
}
