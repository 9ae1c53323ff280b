/**
 * OpenRosa (ODK Collect, KoboCollect): only an alerts.intake token reaches the routes, given in
 * the URL (`/v1/key/<token>/`) or as a bearer/Basic credential on `/api/openrosa`. A session
 * is not a credential here. The matrix sends no X-OpenRosa-Version header, so a token that
 * passes answers 400 (the header check comes after authentication: AUTHZ-1).
 */
import type { MatrixActor, MatrixCase, Outcome, Target } from '../types';
import { defineCases } from '../types';

const NO_HEADER: Outcome = { status: 400, why: 'authorised, but the matrix sends no X-OpenRosa-Version: 1.0 header' };

/** Plain URL: a bearer token is a credential, a session cookie is not. */
const plain = (a: MatrixActor): Outcome => (a.kind !== 'token' ? 'unauthenticated' : a.purpose === 'alerts.intake' ? NO_HEADER : 'forbidden');
/** Key URL: a token in the URL; users and anonymous callers send a key no token has (Central: 403). */
const keyed = (a: MatrixActor): Outcome => (a.kind !== 'token' ? 'forbidden' : a.purpose === 'alerts.intake' ? NO_HEADER : 'forbidden');
const keyOf = (t: Target) => (t.actor.kind === 'token' ? t.actor.token : 'weft_00000000-0000-4000-8000-000000000000_unknownunknownunknownunknownunknownunknown1');

const paths: Array<[MatrixCase['method'], string]> = [
  ['GET', 'formList'],
  ['GET', 'forms/:form'],
  ['GET', 'forms/:form/manifest'],
  // HEAD submission (Collect's pre-flight) is Fastify's HEAD of this GET.
  ['GET', 'submission'],
  ['POST', 'submission'],
];
const fill = (path: string) => path.replace(':form/', 'weft_alert/').replace(':form', 'weft_alert.xml');

export default defineCases('openrosa', [
  ...paths.map(([method, path]): MatrixCase => ({ method, route: `/api/openrosa/${path}`, url: () => `/api/openrosa/${fill(path)}`, expect: plain })),
  ...paths.map(([method, path]): MatrixCase => ({ method, route: `/api/openrosa/v1/key/:token/${path}`, url: (t) => `/api/openrosa/v1/key/${keyOf(t)}/${fill(path)}`, expect: keyed })),
]);
