import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../auth/roles';
import { language } from './common';

export const role = z.enum(ROLES);
export const permission = z.enum(PERMISSIONS);

// AUTHN-1: at least 8 characters, long passphrases welcome, no composition rules.
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const newPassword = z
  .string()
  .min(PASSWORD_MIN, { error: `must be at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { error: `must be at most ${PASSWORD_MAX} characters` });

export const loginBody = z.object({
  email: z.string().trim().min(1, { error: 'must not be empty' }).max(254),
  password: z.string().min(1, { error: 'must not be empty' }).max(PASSWORD_MAX),
});
export type LoginBody = z.infer<typeof loginBody>;

export const totpCodeBody = z.object({
  code: z.string().trim().regex(/^\d{6}$/, { error: 'must be the 6 digits shown by your authenticator app' }),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, { error: 'must not be empty' }).max(PASSWORD_MAX),
  newPassword,
});

export const reauthenticateBody = z.object({
  password: z.string().min(1, { error: 'must not be empty' }).max(PASSWORD_MAX),
});

/** Where a signed-in session stands: a second factor may still be due. */
export const sessionStage = z.enum(['totp_required', 'totp_enrolment_required', 'complete']);
export type SessionStage = z.infer<typeof sessionStage>;

export const sessionUser = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role,
  language,
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  permissions: z.array(permission),
  organisation: z.object({ id: z.string(), name: z.string(), shortName: z.string() }),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const sessionResponse = z.object({
  stage: sessionStage,
  csrfToken: z.string(),
  user: sessionUser,
  idleTimeoutSeconds: z.number(),
});
export type SessionResponse = z.infer<typeof sessionResponse>;

export const totpEnrolment = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrSvg: z.string(),
});
export type TotpEnrolment = z.infer<typeof totpEnrolment>;
