/**
 * The one error handler's body: { error: { code, message, field?, requestId, details? } }.
 * Details go out only when the domain error carries them and they pass core/errors
 * errorDetails; otherwise the body is exactly what it was before details existed.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflict, DomainError, errorDetails, invalid, type ErrorDetails } from '../../../core/errors';
import type { AppContext } from '../context';
import { installErrorHandler } from './errors';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify({ logger: false });
  // No route here refuses by policy, so the handler never audits: it needs no database.
  installErrorHandler(app, {} as AppContext);
  app.get('/plain', async () => {
    throw invalid('thing.bad', 'name is too long.', 'body.name');
  });
  app.get('/locked', async () => {
    throw conflict('alerts.locked', 'Officer A is working on this alert.', undefined, { userId: '00000000-0000-4000-8000-000000000001', until: '2026-11-22T10:00:00.000Z' });
  });
  app.get('/too-much', async () => {
    // A programming error: a whole object where flat values belong. It must not reach the client.
    throw new DomainError('conflict', 'thing.conflict', 'Changed meanwhile.', undefined, false, { row: { secret: 'x' } } as unknown as ErrorDetails);
  });
  await app.ready();
});
afterAll(async () => app?.close());

describe('error body', () => {
  it('keeps its shape when there are no details', async () => {
    const res = await app.inject({ method: 'GET', url: '/plain' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json() as { error: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'field', 'message', 'requestId']);
  });

  it('sends a domain error’s details beside the message', async () => {
    const res = await app.inject({ method: 'GET', url: '/locked' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: {
        code: 'alerts.locked',
        message: 'Officer A is working on this alert.',
        requestId: expect.any(String),
        details: { userId: '00000000-0000-4000-8000-000000000001', until: '2026-11-22T10:00:00.000Z' },
      },
    });
  });

  it('leaves out details that fail their schema, and still answers the error', async () => {
    const res = await app.inject({ method: 'GET', url: '/too-much' });
    expect(res.statusCode).toBe(409);
    expect(res.body).not.toContain('secret');
    expect((res.json() as { error: Record<string, unknown> }).error).not.toHaveProperty('details');
  });
});

describe('errorDetails', () => {
  it('takes flat ids, codes, numbers, flags and nulls, and refuses nesting, odd keys and size', () => {
    expect(errorDetails.safeParse({ userId: 'u', count: 2, done: false, until: null }).success).toBe(true);
    expect(errorDetails.safeParse({ nested: { a: 1 } }).success).toBe(false);
    expect(errorDetails.safeParse({ list: ['a'] }).success).toBe(false);
    expect(errorDetails.safeParse({ 'bad key': 'x' }).success).toBe(false);
    expect(errorDetails.safeParse({ long: 'x'.repeat(201) }).success).toBe(false);
    expect(errorDetails.safeParse(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]))).success).toBe(false);
  });
});
