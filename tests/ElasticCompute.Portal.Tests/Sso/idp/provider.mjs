// A real OpenID provider (the certified oidc-provider package) on loopback, for the portal's single sign-on tests.
// Usage: node provider.mjs CONFIG.json   (CONFIG: { clients: [client metadata], accounts: [{ login, password, name, groups }] })
// It listens on a free port of 127.0.0.1 and prints one line, "idp ready: ISSUER". Its own login form checks the
// password (unlike oidc-provider's development pages, which take any), consent is given for the portal as a
// first-party client, and its pages load nothing from elsewhere.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = new Map(config.accounts.map((account) => [account.login, account]));

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

function loginForm(uid, problem, login) {
  return page('Sign in to the test provider', `
${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label for="login">Username</label> <input id="login" name="login" value="${escape(login ?? '')}" autofocus required>
<label for="password">Password</label> <input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
<p><a href="/interaction/${escape(uid)}/abort">Cancel</a></p>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
  }
  return new URLSearchParams(body);
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function interaction(provider, req, res) {
  const [, , uid, action] = new URL(req.url, 'http://idp').pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    return send(res, 400, page('Wrong interaction', '<p>This sign-in is not the one in progress.</p>'));
  }

  if (action === 'abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user cancelled the sign-in' }, { mergeWithLastSubmission: false });
  }

  if (details.prompt.name === 'consent') {
    // The portal is a first-party client: what it asks for is granted without a question.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  if (req.method !== 'POST') {
    return send(res, 200, loginForm(uid));
  }

  const form = await readForm(req);
  const account = accounts.get(form.get('login'));
  if (!account || account.password !== form.get('password')) {
    return send(res, 200, loginForm(uid, 'Wrong username or password.', form.get('login')));
  }

  return provider.interactionFinished(req, res, { login: { accountId: account.login } }, { mergeWithLastSubmission: false });
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups'],
    pkce: { required: () => true },
    cookies: { keys: ['test-only-cookie-key-not-a-secret'] },
    interactions: { url: (ctx, details) => `/interaction/${details.uid}` },
    findAccount(ctx, id) {
      const account = accounts.get(id);
      return account && {
        accountId: id,
        claims: async () => ({ sub: id, preferred_username: account.login, name: account.name, groups: account.groups }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = page('Sign out of the test provider?', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = page('Signed out', '<p>You are signed out of the test provider.</p>');
        },
      },
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('The test provider refused the request', `<p id="error">${escape(out.error)}: ${escape(out.error_description ?? '')}</p>`);
    },
  });
  const oidc = provider.callback();
  server.on('request', (req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((error) => send(res, 500, page('The test provider failed', `<p>${escape(error.message)}</p>`)));
    } else {
      oidc(req, res);
    }
  });
  console.log(`idp ready: ${issuer}`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
