// The renderer's Content-Security-Policy, one rule for both places that serve the UI (the
// desktop's app:// protocol and the headless host), matching the <meta> in
// src-renderer/index.html: only our own scripts and styles, no framing, no plugins, no forms.
// The desktop adds its media: scheme for video; the host serves media from its own origin.
export function rendererCsp(extraMediaSources: readonly string[] = []): string {
  const media = ['blob:', ...extraMediaSources].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${media}`,
    `media-src 'self' ${media}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
