// JSON calls to the admin API. URLs are relative to the page, so the dashboard also works behind a
// reverse proxy that mounts it under a sub-path. A 401 anywhere tells the app to show the login form.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const UNAUTHORIZED = 'verdis:unauthorized';

export async function api(method, path, {query, body, signal} = {}) {
  const url = new URL(path, document.baseURI);
  if (query) {
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
    }
  }
  const init = {method, credentials: 'same-origin', cache: 'no-store', signal, headers: {accept: 'application/json'}};
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Server unreachable');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = response.ok ? text : {error: text};
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !path.endsWith('api/login')) window.dispatchEvent(new CustomEvent(UNAUTHORIZED));
    throw new ApiError(response.status, (data && data.error) || `${response.status} ${response.statusText}`);
  }
  return data;
}

export const get = (path, query, signal) => api('GET', path, {query, signal});
export const post = (path, body) => api('POST', path, {body});
export const put = (path, query, body) => api('PUT', path, {query, body});
export const del = (path, query) => api('DELETE', path, {query});

/**
 * A key in a query string: the text itself, or for a key that is not valid UTF-8 its bytes in
 * base64 as `keyBase64` (JSON bodies carry {"base64": ...} instead).
 */
export function keyParams(key) {
  return key !== null && typeof key === 'object' ? {keyBase64: key.base64} : {key};
}

/** Runs one command through the admin API, as the console does. */
export function command(db, args) {
  return post('api/command', {db, args});
}
