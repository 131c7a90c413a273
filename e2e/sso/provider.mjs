// A real OpenID Provider for Tandem's single sign-on tests: the certified `oidc-provider` package
// (pinned in package.json) with a few people, a `groups` claim and its own sign-in and consent
// forms, on http://localhost:PORT (PORT 0 picks a free one; the first line printed says which).
//
// Both ports are picked at run time, so Tandem's clients are registered as native applications:
// their loopback redirect URI matches on any port (RFC 8252 §7.3), everything else is checked.
// Clients: `tandem` (as a company would register it), `tandem-tampered` (every ID token its token
// answers carry has a claim changed after signing: what a man in the middle would do).
// `POST /test/groups {"user":"bob","groups":[…]}` changes a person's groups, as an IT team would.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 0);
const host = 'localhost';

/** The people of this provider. Passwords are checked; `groups` is what Tandem maps to rights. */
const people = {
  alice: { password: 'alice-password', name: 'Alice Smith', email: 'alice@example.com', groups: ['agents', 'tandem-admins'] },
  bob: { password: 'bob-password', name: 'Bob Jones', email: 'bob@example.com', groups: ['agents', 'senior-agents'] },
  carol: { password: 'carol-password', name: 'Carol White', email: 'carol@example.com', groups: ['sales'] },
};

const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginForm(uid, error = '') {
  return page('Example SSO', `
<form method="post" action="/interaction/${uid}/login">
  <label>Email or username <input name="login" autocomplete="username" required></label>
  <label>Passphrase <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Log in</button>
  ${error ? `<p role="alert">${escape(error)}</p>` : ''}
</form>`);
}

function consentForm(uid, client) {
  return page('Example SSO', `
<p>${escape(client)} would like to know your name, e-mail address and groups.</p>
<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>`);
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString();
}

const server = createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://${host}:${server.address().port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const client = (clientId) => ({
  client_id: clientId,
  client_secret: `${clientId}-secret`,
  application_type: 'native',
  redirect_uris: ['http://127.0.0.1/api/sso/callback', 'http://localhost/api/sso/callback'],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const provider = new Provider(issuer, {
  clients: [client('tandem'), client('tandem-tampered')],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  scopes: ['openid', 'profile', 'email', 'groups'],
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  async findAccount(ctx, id) {
    const person = people[id];
    if (!person) return undefined;
    return {
      accountId: id,
      claims: () => ({
        sub: id,
        name: person.name,
        preferred_username: id,
        email: person.email,
        email_verified: true,
        groups: [...person.groups],
      }),
    };
  },
});

// The tampered client: its ID tokens get a claim changed after they were signed.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.oidc?.client?.clientId === 'tandem-tampered' && ctx.body?.id_token) {
    const [header, payload, signature] = ctx.body.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.sub = 'alice';
    claims.groups = ['agents', 'tandem-admins'];
    ctx.body = { ...ctx.body, id_token: [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.') };
  }
});

const providerCallback = provider.callback();

async function interaction(req, res, url) {
  const [, , uid, action] = url.pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  const send = (html) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };
  if (req.method === 'GET') {
    return send(details.prompt.name === 'login' ? loginForm(uid) : consentForm(uid, details.params.client_id));
  }
  const form = new URLSearchParams(await readBody(req));
  if (action === 'login') {
    const login = (form.get('login') ?? '').replace(/@example\.com$/, '');
    const person = people[login];
    if (!person || person.password !== form.get('password')) return send(loginForm(uid, 'Wrong username or passphrase.'));
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  if (action === 'confirm') {
    const { prompt: { details: missing }, grantId, session, params } = details;
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }
  res.writeHead(404).end();
}

async function changeGroups(req, res) {
  const { user, groups } = JSON.parse(await readBody(req));
  if (!people[user] || !Array.isArray(groups)) {
    res.writeHead(400).end('unknown user or groups');
    return;
  }
  people[user].groups = groups.map(String);
  res.writeHead(204).end();
}

server.on('request', (req, res) => {
  const url = new URL(req.url, issuer);
  const handled = url.pathname.startsWith('/interaction/')
    ? interaction(req, res, url)
    : req.method === 'POST' && url.pathname === '/test/groups'
      ? changeGroups(req, res)
      : null;
  if (!handled) return providerCallback(req, res);
  handled.catch((e) => {
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`error: ${e.message}`);
  });
});

console.log(`oidc-provider: listening on ${issuer}`);
