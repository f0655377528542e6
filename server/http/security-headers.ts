// The headers every page and API answer carries (set by proxy.ts), and the pages' Content Security
// Policy with a fresh nonce per request, which Next reads from the request's CSP header and puts on
// its own scripts (the pages render dynamically for it: app/layout.tsx).
//
// - frame-ancestors 'none' + X-Frame-Options DENY: no page (the kill switch least of all) can be framed.
// - HSTS always: browsers ignore it over plain http (RFC 6797 §8.1), so localhost is unaffected, and a
//   deployment behind a TLS proxy gets it without the app having to trust X-Forwarded-Proto. One year,
//   no includeSubDomains/preload: the operator's other subdomains are not ours to decide.
// - style-src allows inline styles: React's style attributes cannot carry a nonce; scripts are what
//   the nonce guards.
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Strict-Transport-Security": "max-age=31536000",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
