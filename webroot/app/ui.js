// Toasts and the one modal dialog (confirm / form), shared by every panel.

import {$, h, replace} from './dom.js';

export function toast(message, {error = false, ms = 3500} = {}) {
  const el = h('div', {class: error ? 'toast error' : 'toast', role: error ? 'alert' : 'status'}, message);
  $('#toasts').append(el);
  setTimeout(() => el.remove(), error ? ms * 2 : ms);
}

export function toastError(e) {
  toast(e && e.message ? e.message : String(e), {error: true});
}

/**
 * Opens the dialog with `body` (nodes) and resolves with what `accept()` returns when OK is
 * pressed (it may throw to keep the dialog open with a message), or null when cancelled.
 */
export function openDialog({title, body = [], ok = 'OK', danger = false, accept = () => true}) {
  const dialog = $('#dialog');
  const okButton = $('#dialog-ok');
  const error = $('#dialog-error');
  $('#dialog-title').textContent = title;
  replace($('#dialog-body'), body);
  okButton.textContent = ok;
  okButton.className = danger ? 'btn btn-danger' : 'btn btn-primary';
  error.hidden = true;
  return new Promise((resolve) => {
    const form = $('#dialog-form');
    const finish = (value) => {
      form.removeEventListener('submit', onSubmit);
      $('#dialog-cancel').removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
      resolve(value);
    };
    const onSubmit = async (event) => {
      event.preventDefault();
      okButton.disabled = true;
      try {
        finish(await accept());
      } catch (e) {
        error.textContent = e.message || String(e);
        error.hidden = false;
      } finally {
        okButton.disabled = false;
      }
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    form.addEventListener('submit', onSubmit);
    $('#dialog-cancel').addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    const first = dialog.querySelector('#dialog-body input, #dialog-body select, #dialog-body textarea');
    (first || okButton).focus();
  });
}

export function confirmDialog(title, message, ok = 'Delete') {
  return openDialog({title, body: [h('p', null, message)], ok, danger: true}).then(Boolean);
}

/** A dialog with one text input; resolves with the text or null. */
export function promptDialog(title, label, value = '', ok = 'Save') {
  const input = h('input', {class: 'input mono', value, required: true, spellcheck: 'false', autocomplete: 'off'});
  return openDialog({
    title,
    ok,
    body: [h('label', {class: 'field'}, h('span', null, label), input)],
    accept: () => input.value,
  });
}
