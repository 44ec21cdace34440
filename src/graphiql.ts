import express from 'express';
import path from 'node:path';

/**
 * GraphiQL for browsers at GET /graphql. Bank networks often have no internet
 * access, so every script, style and font comes from this server (fonts are
 * data: URLs inside graphiql.min.css) and the Content-Security-Policy lets the
 * page load or connect to nothing else.
 */

/** Also in README.md; the fetcher leaves it out, so the docs load before a token is pasted. */
const PLACEHOLDER = 'Bearer <paste a token from npm run token>';

/** react and react-dom export no subpaths, so the UMD files are found beside their package.json. */
function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

const ASSETS: Record<string, string> = {
  'react.production.min.js': packageFile('react', 'umd/react.production.min.js'),
  'react-dom.production.min.js': packageFile('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.min.js': packageFile('graphiql', 'graphiql.min.js'),
  'graphiql.min.css': packageFile('graphiql', 'graphiql.min.css'),
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>GraphiQL · Safety RBF API</title>
    <link rel="stylesheet" href="/graphiql/graphiql.min.css">
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="/graphiql/react.production.min.js"></script>
    <script src="/graphiql/react-dom.production.min.js"></script>
    <script src="/graphiql/graphiql.min.js"></script>
    <script src="/graphiql/app.js"></script>
  </body>
</html>
`;

/** A file rather than an inline script, so the policy needs no 'unsafe-inline' and no nonce. */
const APP_JS = `'use strict';
(function () {
  var PLACEHOLDER = ${JSON.stringify(PLACEHOLDER)};
  // Subscriptions go over WebSocket to the same path; GraphiQL sends the headers editor's values as connection_init's payload.
  var subscriptionUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
  var fetchGraphQL = GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl: subscriptionUrl });
  function fetcher(params, options) {
    var headers = Object.assign({}, options && options.headers);
    Object.keys(headers).forEach(function (name) {
      if (headers[name] === PLACEHOLDER) delete headers[name];
    });
    return fetchGraphQL(params, Object.assign({}, options, { headers: headers }));
  }
  // CSSOM writes, unlike a <style> element, are allowed by style-src 'self'.
  document.body.style.margin = '0';
  var root = document.getElementById('graphiql');
  root.style.height = '100vh';
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers',
      defaultHeaders: JSON.stringify({ Authorization: PLACEHOLDER }, null, 2),
      defaultQuery: '# Paste a token into Headers below, then run (Ctrl-Enter).\\n{\\n  viewer {\\n    role\\n  }\\n}\\n',
    }),
  );
})();
`;

/** A browser navigating here (text/html preferred) without a query; API clients and GET queries pass on to Apollo. */
function wantsPage(req: express.Request): boolean {
  if (req.query.query !== undefined || req.query.extensions !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

export function graphiqlRouter(): express.Router {
  const router = express.Router();
  router.get('/graphql', (req, res, next) => {
    res.vary('Accept');
    if (!wantsPage(req)) {
      next();
      return;
    }
    res
      .set({
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      })
      .type('html')
      .send(PAGE);
  });
  router.get('/graphiql/app.js', (_req, res) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' }).type('js').send(APP_JS);
  });
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/graphiql/${name}`, (_req, res, next) => {
      res.set('X-Content-Type-Options', 'nosniff');
      res.sendFile(file, { maxAge: '1h' }, (error) => {
        if (error && !res.headersSent) next(error);
      });
    });
  }
  return router;
}
