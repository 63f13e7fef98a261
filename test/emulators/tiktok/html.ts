// The pages a browser sees: TikTok's consent screen and its "couldn't log in" error page.
// Every page carries a banner saying it is a local emulator, so a screenshot or a person
// driving the app by hand can never mistake it for TikTok.
import { logId } from './ids';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const BANNER = 'Local TikTok emulator — this is not TikTok; nothing leaves this machine.';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #161823; }
  .emulator-banner { background: #ffd400; padding: 8px 16px; font-weight: 600; text-align: center; }
  main { max-width: 420px; margin: 32px auto; padding: 0 16px; }
  ul { list-style: none; padding: 0; }
  li { margin: 6px 0; }
  button { font: inherit; padding: 8px 20px; margin-right: 8px; }
  .error { color: #b00020; }
</style>
</head>
<body>
<div class="emulator-banner" role="note" data-testid="emulator-banner">${escapeHtml(BANNER)}</div>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface ConsentView {
  requestId: string;
  appName: string;
  displayName: string;
  username: string;
  scopes: Array<{ scope: string; checked: boolean; required: boolean }>;
}

export function consentPage(v: ConsentView): string {
  const boxes = v.scopes
    .map(({ scope, checked, required }) => {
      const id = `scope-${scope.replace(/\W/g, '-')}`;
      // A disabled checkbox is not submitted, so a required scope travels in a hidden field.
      const hidden = required ? `<input type="hidden" name="scope_granted" value="${escapeHtml(scope)}">` : '';
      return `<li><label for="${id}"><input type="checkbox" id="${id}" name="scope_granted" value="${escapeHtml(scope)}"${checked ? ' checked' : ''}${required ? ' disabled' : ''}> ${escapeHtml(scope)}</label>${hidden}</li>`;
    })
    .join('\n');
  return page(
    `Authorize ${v.appName}`,
    `<h1>Authorize ${escapeHtml(v.appName)}</h1>
<p>Logged in as <strong data-testid="display-name">${escapeHtml(v.displayName)}</strong> (@${escapeHtml(v.username)})</p>
<p>${escapeHtml(v.appName)} would like to:</p>
<form method="post" action="/v2/auth/authorize/consent">
<input type="hidden" name="request_id" value="${escapeHtml(v.requestId)}">
<ul>
${boxes}
</ul>
<button type="submit" name="action" value="authorize">Authorize</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form>`,
  );
}

/** TikTok's pre-consent error page, naming the parameters it refuses (§1.2). */
export function loginErrorPage(badParams: string[], detail: string): string {
  return page(
    'TikTok — something went wrong',
    `<h1 class="error">We couldn't log in with TikTok</h1>
<p>This may be due to specific app settings. If you're a developer, correct the following and try again:</p>
<ul data-testid="bad-params">${badParams.map((p) => `<li><code>${escapeHtml(p)}</code></li>`).join('')}</ul>
<p>${escapeHtml(detail)}</p>
<p><small>Log ID: ${logId()}</small></p>`,
  );
}

/** A plain page: a heading and one message (fault answers, the emulator's home page). */
export function messagePage(heading: string, message: string, isError = true): string {
  return page(`TikTok emulator — ${heading}`, `<h1${isError ? ' class="error"' : ''}>${escapeHtml(heading)}</h1><p>${escapeHtml(message)}</p>`);
}
