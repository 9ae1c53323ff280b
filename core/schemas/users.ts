import { z } from 'zod';
import { role } from './auth';
import { language, text, uuid } from './common';

export const userView = z.object({
  id: z.string(),
  organisationId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role,
  language,
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  locked: z.boolean(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userView>;

const email = z.email({ error: 'must be an email address' }).max(254);

export const createUserBody = z.object({
  organisationId: uuid,
  email,
  displayName: text(120),
  role,
  language: language.default('en'),
});
export const updateUserBody = z.object({
  displayName: text(120).optional(),
  role: role.optional(),
  language: language.optional(),
  disabled: z.boolean().optional(),
});
export const listUsersQuery = z.object({ organisationId: uuid.optional() });

/** AUTHN-1: admins reset, never choose, a password: Weft generates a one-time one. */
export const temporaryPasswordResponse = z.object({ user: userView, temporaryPassword: z.string() });
