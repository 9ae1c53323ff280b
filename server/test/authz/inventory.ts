/**
 * The inventory of every route the app registers, with its `config.auth` (AUTHZ-1).
 *
 * Fastify offers no list of routes with their options once they are registered, and an
 * `onRoute` hook added to what buildApp returns comes too late. So: the router's own print
 * (`printRoutes()`, the tree find-my-way holds) gives every method and path, and a probe
 * request to each, stopped by an `onRequest` hook before any handler runs, reads the
 * route's options. Nothing about the app is replicated here, so a route added anywhere
 * (a module, a plugin, buildApp itself) shows up.
 */
import { randomUUID } from 'node:crypto';
import { buildApp } from '../../app';
import type { AppContext } from '../../platform/context';
import type { AuthRequirement, DisclosureDeclaration } from '../../platform/http/authenticate';

export interface RouteInfo {
  method: string;
  url: string;
  /** undefined: the route declares none (plugin routes such as /api/docs). */
  auth: AuthRequirement | undefined;
  /** Cookie-authenticated writes need the CSRF header unless the route says otherwise. */
  csrf: boolean;
  /** CON-2: what the route may disclose beyond the holding organisation. */
  disclosure?: DisclosureDeclaration | undefined;
  /** What the route's schema declares: the OpenAPI document must say the same. */
  schema: RouteSchemaInfo;
}

export interface RouteSchemaInfo {
  hidden: boolean;
  body: boolean;
  params: boolean;
  querystring: boolean;
  /** Status codes with a response schema. */
  responses: string[];
}

function describeSchema(schema: Record<string, unknown> | undefined): RouteSchemaInfo {
  return {
    hidden: schema?.hide === true,
    body: schema?.body !== undefined,
    params: schema?.params !== undefined,
    querystring: schema?.querystring !== undefined,
    responses: Object.keys((schema?.response as Record<string, unknown> | undefined) ?? {}),
  };
}

const BRANCH = /^((?:│ {3}| {4})*)(?:├── |└── )(.*)$/;
const METHODS = / \(([A-Z]+(?:, [A-Z]+)*)\)/g;

/**
 * Method and path of every route in `app.printRoutes()` (default, common-prefix form: each
 * line holds the part of the path below its parent; a leaf adds `(GET, HEAD)`).
 */
export function parsePrintedRoutes(printed: string): Array<{ method: string; url: string }> {
  const prefixes: string[] = [];
  const routes: Array<{ method: string; url: string }> = [];
  let current = '';
  for (const line of printed.split('\n')) {
    const branch = BRANCH.exec(line);
    let text = line;
    if (branch) {
      const depth = branch[1]!.length / 4;
      const rest = branch[2]!;
      const methodsAt = rest.search(/ \([A-Z]+(?:, [A-Z]+)*\)/);
      const key = methodsAt >= 0 ? rest.slice(0, methodsAt) : rest;
      prefixes.length = depth;
      prefixes[depth] = key === '(empty root node)' ? '' : key;
      current = prefixes.join('');
      text = methodsAt >= 0 ? rest.slice(methodsAt) : '';
    }
    // A continuation line (same path, other constraints) carries methods only.
    for (const match of text.matchAll(METHODS)) {
      for (const method of match[1]!.split(', ')) routes.push({ method, url: current });
    }
  }
  const unique = new Map(routes.map((r) => [`${r.method} ${r.url}`, r]));
  return [...unique.values()];
}

/** A concrete URL that the route's pattern matches. */
export function concreteUrl(pattern: string): string {
  return pattern.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, () => randomUUID()).replace(/\*/g, 'probe');
}

/** Every route of a fresh app built on `ctx`, with its auth requirement. */
export async function collectRoutes(ctx: AppContext): Promise<RouteInfo[]> {
  const app = await buildApp(ctx);
  type Probe = Omit<RouteInfo, 'method' | 'url'> & { url: string | undefined };
  let reached: Probe | null = null;
  // Root hooks added before ready() apply to every route; answering here skips all else.
  app.addHook('onRequest', async (request, reply) => {
    const { url, config, schema } = request.routeOptions;
    reached = { url, auth: config.auth, csrf: config.csrf !== false, disclosure: config.disclosure, schema: describeSchema(schema as Record<string, unknown> | undefined) };
    return reply.code(204).send();
  });
  await app.ready();
  try {
    const printed = parsePrintedRoutes(app.printRoutes());
    if (printed.length === 0) throw new Error('printRoutes() listed no route: has its format changed?');
    const routes: RouteInfo[] = [];
    for (const { method, url } of printed) {
      reached = null;
      await app.inject({ method: method as 'GET', url: concreteUrl(url) });
      const probe = reached as Probe | null;
      // A prefixed plugin's '/' route answers both '/prefix' and '/prefix/' with one set of options.
      if (!probe?.url || probe.url.replace(/\/$/, '') !== url.replace(/\/$/, ''))
        throw new Error(`A probe of ${method} ${url} reached ${probe?.url ?? 'no route'}: the inventory cannot read its options.`);
      routes.push({ method, url, auth: probe.auth, csrf: probe.csrf, disclosure: probe.disclosure, schema: probe.schema });
    }
    return routes;
  } finally {
    await app.close();
  }
}

/** `GET /api/users`: the key the matrix and the inventory share. */
export const routeKey = (method: string, url: string) => `${method} ${url}`;

/**
 * Routes the matrix must cover: all of them, except HEAD twins of GET routes (same handler,
 * same options, no body).
 */
export function routesToCover(routes: readonly RouteInfo[]): RouteInfo[] {
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  return routes.filter((r) => !(r.method === 'HEAD' && gets.has(r.url)));
}
