import { existsSync } from 'node:fs';
import { Browser, BrowserContext, chromium, Page, Response } from 'playwright-core';
import { loadConfig } from '../src/config';
import { gid } from './support/ids';
import { startTestApp, TestApp } from './support/test-app';
import { Actors, actorsOf } from './support/actors';
import { verify } from './support/operations';

/**
 * The machine's own Chromium or Chrome, never a downloaded browser (.ci/run
 * installs Debian's chromium): CHROMIUM_PATH when set, else the first of the
 * usual places that exists.
 */
const CHROMIUM_LOCATIONS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];
/** Each browser step's limit; a test's own (jest's) limit is larger, so a stuck step reports which one it was. */
const BROWSER_TIMEOUT = 30_000;
const TEST_TIMEOUT = 120_000;

let app: TestApp;
let actors: Actors;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  actors = await actorsOf(app);
  origin = new URL(app.url).origin;
});
afterAll(() => app?.close());

/** Where Chromium is; an error that says how to provide it when it is nowhere. */
function chromiumPath(): string {
  const setting = process.env.CHROMIUM_PATH;
  if (setting) {
    if (!existsSync(setting)) throw new Error(`CHROMIUM_PATH=${setting} does not exist: point it at a Chromium or Chrome executable`);
    return setting;
  }
  const found = CHROMIUM_LOCATIONS.find((location) => existsSync(location));
  if (!found) {
    throw new Error(
      `No Chromium found (looked at ${CHROMIUM_LOCATIONS.join(', ')}): install one (Debian: apt-get install -y chromium) ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome executable to run the GraphiQL browser test',
    );
  }
  return found;
}

async function launchChromium(): Promise<Browser> {
  // A failure, not a skip: CI must not pass without the browser test having run.
  return chromium.launch({
    executablePath: chromiumPath(),
    timeout: BROWSER_TIMEOUT,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Local hosts only; data: URLs (GraphiQL's fonts) never leave the page. */
function leavesLocalhost(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return false;
  return !['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

interface Session {
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** Script errors and Content-Security-Policy violations. */
  problems: string[];
  /** The schema request GraphiQL sends as it opens. */
  introspection: Promise<Response>;
}

async function openGraphiQL(): Promise<Session> {
  const context = await browser.newContext();
  context.setDefaultTimeout(BROWSER_TIMEOUT);
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  // Recorded above and asserted on; aborted here so the test never depends on, or reaches, the internet.
  await context.route('**/*', (route) => (leavesLocalhost(route.request().url()) ? route.abort() : route.continue()));
  const introspection = page.waitForResponse(
    (response) => response.url() === `${origin}/graphql` && (response.request().postData() ?? '').includes('__schema'),
  );
  await page.goto(`${origin}/graphql`);
  await page.locator('.graphiql-container').waitFor();
  return { context, page, requests, problems, introspection };
}

/** Replaces an editor's text as a paste would: CodeMirror sees an input event, without auto-closed brackets or completion pop-ups. */
async function fillEditor(page: Page, editor: string, text: string): Promise<void> {
  const codeMirror = page.locator(`${editor} .CodeMirror`);
  await codeMirror.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  await page.waitForFunction(
    ({ selector, expected }) => (globalThis as any).document.querySelector(selector)?.CodeMirror?.getValue() === expected,
    { selector: `${editor} .CodeMirror`, expected: text },
  );
}

async function responseText(page: Page): Promise<string> {
  const handle = await page.waitForFunction(() => {
    const value: string = (globalThis as any).document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? '';
    return value.trim().startsWith('{') && value;
  });
  return (await handle.jsonValue()) as string;
}

describe('in a browser (Chromium, no internet)', () => {
  let session: Session | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, TEST_TIMEOUT);
  afterAll(() => browser?.close());
  afterEach(async () => {
    await session?.context.close();
    session = undefined;
  });

  it('GraphiQL loads every script, style and request from this server, within its Content-Security-Policy', async () => {
    session = await openGraphiQL();
    const { page, requests, problems } = session;
    // Before any token is pasted the placeholder header is left out, so the docs come from introspection.
    const introspection = await session.introspection;
    expect(((await introspection.json()) as any).data.__schema.queryType.name).toBe('Query');
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();

    expect(requests.filter(leavesLocalhost)).toEqual([]);
    expect(requests).toEqual(
      expect.arrayContaining([
        `${origin}/graphiql/react.production.min.js`,
        `${origin}/graphiql/react-dom.production.min.js`,
        `${origin}/graphiql/graphiql.min.js`,
        `${origin}/graphiql/graphiql.min.css`,
        `${origin}/graphiql/app.js`,
      ]),
    );
    expect(problems).toEqual([]);
  }, TEST_TIMEOUT);

  it('runs a query with a token pasted into the headers editor and shows the result', async () => {
    session = await openGraphiQL();
    const { page, requests, problems } = session;
    const token = actors.admin;

    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await fillEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: `Bearer ${token}` }));
    await fillEditor(page, '.graphiql-query-editor', '{ viewer { role } agencies { totalCount } }');
    await page.locator('.graphiql-execute-button').click();

    const result = JSON.parse(await responseText(page));
    const [{ count }] = await app.db.query('SELECT count(*)::int AS count FROM agency');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ viewer: { role: 'ADMIN' }, agencies: { totalCount: count } });
    expect(requests.filter(leavesLocalhost)).toEqual([]);
    expect(problems).toEqual([]);
  }, TEST_TIMEOUT);

  it('runs a subscription over WebSocket with the pasted token and shows the event when it commits', async () => {
    session = await openGraphiQL();
    const { page, requests, problems } = session;
    const [activity] = await app.db.query(`SELECT id, agreement_id FROM improvement_activity WHERE status = 'REPORTED' ORDER BY id LIMIT 1`);
    const token = actors.admin;

    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await fillEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: `Bearer ${token}` }));
    await fillEditor(
      page,
      '.graphiql-query-editor',
      `subscription { activityStatusChanged(agreementId: "${gid('FundingAgreement', activity.agreement_id)}") { id status verifiedBy { code } } }`,
    );
    // GraphiQL tells a subscription from a query by the editor's parsed document, which it updates
    // shortly after an edit; a person never clicks that fast, a test must wait for it.
    await page.waitForTimeout(1000);
    await page.locator('.graphiql-execute-button').click();
    // The server counts the subscription once it listens (GET /metrics).
    const deadline = Date.now() + 20_000;
    for (let open = 0; open < 1; ) {
      const metrics = await (await fetch(app.url.replace(/\/graphql$/, '/metrics'))).text();
      open = Number(/^graphql_subscriptions_active (\d+)/m.exec(metrics)?.[1] ?? 0);
      if (Date.now() > deadline) throw new Error(`the subscription did not open: ${JSON.stringify({ problems, pane: await page.evaluate(() => (globalThis as any).document.querySelector(".graphiql-response .CodeMirror")?.CodeMirror?.getValue()) })}`);
      if (open < 1) await new Promise((resolve) => setTimeout(resolve, 50));
    }

    await verify(app, actors.kosme, gid('ImprovementActivity', activity.id));

    expect(JSON.parse(await responseText(page))).toEqual({
      data: { activityStatusChanged: { id: gid('ImprovementActivity', activity.id), status: 'VERIFIED', verifiedBy: { code: 'KOSME' } } },
    });
    expect(requests.filter(leavesLocalhost)).toEqual([]);
    expect(problems).toEqual([]);
  }, TEST_TIMEOUT);
});

describe('over HTTP', () => {
  const page = () => fetch(`${app.url}`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

  it('the page carries a policy that allows nothing but this server', async () => {
    const response = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(await response.text()).not.toMatch(/<script>|https?:\/\//);
  });

  it.each([
    ['react.production.min.js', /javascript/],
    ['react-dom.production.min.js', /javascript/],
    ['graphiql.min.js', /javascript/],
    ['graphiql.min.css', /text\/css/],
    ['app.js', /javascript/],
  ])('/graphiql/%s is served by this server', async (file, type) => {
    const response = await fetch(`${origin}/graphiql/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(type);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(500);
  });

  it('API clients still reach GraphQL at GET /graphql: without text/html, and with a query', async () => {
    const withoutHtml = await fetch(app.url, { headers: { accept: 'application/json' } });
    expect(withoutHtml.headers.get('content-type')).not.toMatch(/html/);
    const query = encodeURIComponent('{ __typename }');
    const withQuery = await fetch(`${app.url}?query=${query}`, {
      headers: { accept: 'text/html,application/json;q=0.9', 'apollo-require-preflight': 'true' },
    });
    expect(((await withQuery.json()) as any).data).toEqual({ __typename: 'Query' });
  });

  it('GRAPHIQL=false serves no page and no assets, and Apollo shows no landing page (it would load from a CDN)', async () => {
    const off = await startTestApp({ env: { GRAPHIQL: 'false' } });
    try {
      const response = await fetch(off.url, { headers: { accept: 'text/html' } });
      expect(response.headers.get('content-type')).not.toMatch(/html/);
      expect(await response.text()).not.toMatch(/apollographql|embeddable|cdn/i);
      expect((await fetch(`${new URL(off.url).origin}/graphiql/graphiql.min.js`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

it('GRAPHIQL is on by default except in production', () => {
  const secret = { JWT_SECRET: 'x'.repeat(32) };
  expect(loadConfig({}).graphiql).toBe(true);
  expect(loadConfig({ NODE_ENV: 'production', ...secret }).graphiql).toBe(false);
  expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true', ...secret }).graphiql).toBe(true);
});
