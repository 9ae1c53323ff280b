import { z } from 'zod';
import { TOKEN_PURPOSES } from '../auth/token-purposes';
import { isoDateTime, text } from './common';

export const tokenPurpose = z.enum(TOKEN_PURPOSES);

export const apiTokenView = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  purpose: tokenPurpose,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
});
export type ApiTokenView = z.infer<typeof apiTokenView>;

export const createTokenBody = z.object({
  name: text(120),
  purpose: tokenPurpose,
  expiresAt: isoDateTime.optional(),
});

/** The secret is shown once, at creation; Weft keeps only its hash. */
export const createdToken = apiTokenView.extend({ token: z.string() });
