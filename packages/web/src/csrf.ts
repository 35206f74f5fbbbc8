// The CSRF token the server set at sign-in (the readable anju_csrf cookie), echoed in X-CSRF-Token on every request
// (double submit): the API refuses a change without it. Empty before sign-in and in local mode.

export function csrfToken(): string {
  const m = /(?:^|;\s*)anju_csrf=([^;]*)/.exec(document.cookie);
  return m === null ? '' : decodeURIComponent(m[1]!);
}

/** Headers every API request carries besides the language. */
export function sessionHeaders(): Record<string, string> {
  const token = csrfToken();
  return token === '' ? {} : { 'X-CSRF-Token': token };
}
