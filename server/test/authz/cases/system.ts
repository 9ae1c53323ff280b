/** System routes and the plugin routes around them: public to everyone, tokens included. */
import { everyone } from '../rules';
import { defineCases, type MatrixCase } from '../types';

const publicGet = (route: string, url?: string): MatrixCase => ({ method: 'GET', route, ...(url ? { url: () => url } : {}), expect: everyone });

export default defineCases('system', [
  publicGet('/api/config'),
  publicGet('/api/health'),
  publicGet('/api/ready'),
  publicGet('/api/openapi.json'),
  // DEV-2: the quick-exit landing page.
  publicGet('/weather'),
  // @fastify/swagger-ui: the same document as /api/openapi.json, and the viewer's files.
  publicGet('/api/docs'),
  publicGet('/api/docs/'),
  publicGet('/api/docs/json'),
  publicGet('/api/docs/yaml'),
  { method: 'GET', route: '/api/docs/static/index.html', expect: () => ({ status: 302, why: 'redirects to the viewer' }) },
  publicGet('/api/docs/static/swagger-initializer.js'),
  publicGet('/api/docs/static/*', '/api/docs/static/swagger-ui.css'),
]);
