/**
 * OpenRosa 1.0 endpoints (issue 4; OPENROSA-NOTES.md). Bodies and answers are XML, read and
 * written by core/alerts/openrosa; these schemas bound what the URL carries. The token in
 * `/key/:token/` is checked by the route (401/403), not here, so a malformed one answers as a
 * wrong one does.
 */
import { z } from 'zod';

export const openRosaKeyParams = z.object({ token: z.string().max(200) });
export type OpenRosaKeyParams = z.infer<typeof openRosaKeyParams>;

const formIdText = z.string().max(100).regex(/^[A-Za-z0-9_.-]+$/, { error: 'must be letters, digits, _ . or -' });

/** GET formList: `?formID=` filters (Central), `?deviceID=` is what Collect adds. */
export const formListQuery = z.object({
  formID: formIdText.optional(),
  deviceID: z.string().max(200).optional(),
  verbose: z.string().max(10).optional(),
  listAllVersions: z.string().max(10).optional(),
});
export type FormListQuery = z.infer<typeof formListQuery>;

/** POST submission: Collect adds `?deviceID=`. */
export const submissionQuery = z.object({ deviceID: z.string().max(200).optional() });
export type SubmissionQuery = z.infer<typeof submissionQuery>;

/** `forms/:form` (the XForm, `weft_alert.xml`) and `forms/:form/manifest` (`weft_alert`): one parameter name, as the router needs. */
const form = z.string().max(200);
export const formParams = z.object({ form });
export const keyedFormParams = openRosaKeyParams.extend({ form });
