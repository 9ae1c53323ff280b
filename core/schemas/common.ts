import { z } from 'zod';

export const uuid = z.uuid({ error: 'must be an id (UUID)' });
export const idParams = z.object({ id: uuid });
export type IdParams = z.infer<typeof idParams>;

export const LANGUAGES = ['en', 'fr', 'ar', 'es', 'uk', 'sw'] as const;
export const language = z.enum(LANGUAGES);
export type Language = z.infer<typeof language>;

/** Text typed by a person: trimmed, bounded, never empty. */
export const text = (max = 200) =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    // PostgreSQL cannot store NUL in text; refuse it here with the field named (REL-4).
    .refine((value) => !value.includes('\u0000'), { error: 'must not contain NUL characters' });

export const isoDateTime = z.iso.datetime({ offset: true, error: 'must be a date and time (ISO 8601)' });

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    requestId: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().optional() });

export const emptyBody = z.null().or(z.undefined()).or(z.object({}).strict());
