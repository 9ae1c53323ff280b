/** Who may use the OpenRosa endpoints: an API token of purpose alerts.intake, nothing else (AUTHZ-1). */
import type { Actor, TokenActor } from '../../platform/actor';

export const OPENROSA_TOKEN_PURPOSE = 'alerts.intake';

/** Form list, form, manifest and submissions: a live alerts.intake token of the organisation. */
export const canSubmitAlerts = (actor: Actor): actor is TokenActor => actor.kind === 'token' && actor.purpose === OPENROSA_TOKEN_PURPOSE;
