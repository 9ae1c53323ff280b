/** The clinical clock as the API answers it (core/clinical computes it): one schema for incidents, cases and referrals. */
import { z } from 'zod';

const hoursRange = z.object({ atLeast: z.number(), atMost: z.number() });

export const clinicalWindowView = z.object({
  kind: z.enum(['pep', 'emergency_contraception']),
  limitHours: z.number(),
  state: z.enum(['open', 'possibly_open', 'closed', 'unknown', 'not_applicable']),
  hoursLeft: hoursRange.nullable(),
  closes: z.object({ earliest: z.string(), latest: z.string() }).nullable(),
  assessNow: z.boolean(),
});

export const clinicalClockView = z.object({
  elapsedHours: hoursRange.nullable(),
  windows: z.array(clinicalWindowView),
});
export type ClinicalClockView = z.infer<typeof clinicalClockView>;
