// The service names its CSRF cookie `csrf_token`, or `__Host-csrf_token` in production (secure
// cookies). It is the one cookie the page can read; it changes with every refresh, so it is read
// at the moment a request is sent.
const CSRF_COOKIE_NAMES = ['__Host-csrf_token', 'csrf_token'];

export function readCookie(name: string, cookieString: string = document.cookie): string | null {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function csrfToken(cookieString: string = document.cookie): string | null {
  for (const name of CSRF_COOKIE_NAMES) {
    const value = readCookie(name, cookieString);
    if (value) return value;
  }
  return null;
}
