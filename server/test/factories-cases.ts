/**
 * Factories for cases and hotline calls, written through their services as a worker of the
 * organisation would. Plans, notes and summaries carry unique, greppable canaries.
 */
import { randomUUID } from 'node:crypto';
import type { CasePlan, OpenCaseInput } from '../../core/schemas/cases';
import type { LogCallData } from '../../core/schemas/hotline';
import type { AppContext } from '../platform/context';
import { openCase } from '../modules/cases/service';
import { logCall } from '../modules/hotline/service';
import { buildUser } from './factories';
import { buildIncident } from './factories-referrals';
import { buildConsent, buildSurvivor, requestAs, type BuiltSurvivor } from './factories-survivors';

/** A plan ready for submission, every text a canary. */
export function canaryPlan(tag = randomUUID().slice(0, 8)): CasePlan {
  return {
    needs: [
      {
        category: 'medical',
        description: `CANARY-need-${tag}`,
        actions: [{ action: `CANARY-action-${tag}`, responsible: `CANARY-responsible-${tag}`, dueOn: null, status: 'pending' }],
      },
    ],
    strengths: [{ kind: 'survivor_group', description: `CANARY-strength-${tag}` }],
    goals: `CANARY-goals-${tag}`,
  };
}

/** A survivor of the organisation who consented to services (and her registering case worker). */
export async function buildCaseSurvivor(ctx: AppContext, organisationId: string, userId?: string): Promise<BuiltSurvivor> {
  const built = await buildSurvivor(ctx, organisationId, {}, userId);
  await buildConsent(ctx, built, { purpose: 'services' });
  return built;
}

/** An open case of a consenting survivor, linked to a rape `hoursAgo` hours ago unless `withIncident` is false. */
export async function buildOpenCase(
  ctx: AppContext,
  organisationId: string,
  options: { userId?: string; plan?: CasePlan; withIncident?: boolean; hoursAgo?: number; overrides?: Partial<OpenCaseInput> } = {},
) {
  const userId = options.userId ?? (await buildUser(ctx, { role: 'case_worker', organisationId })).id;
  const built = await buildCaseSurvivor(ctx, organisationId, userId);
  const incident = options.withIncident === false ? null : await buildIncident(ctx, built, { hoursAgo: options.hoursAgo ?? 10 });
  const row = await openCase(ctx, requestAs(userId, organisationId), {
    survivorId: built.survivor.id,
    riskLevel: 'medium',
    incidentIds: incident ? [incident.id] : [],
    ...(options.plan ? { plan: options.plan } : {}),
    ...options.overrides,
  });
  return { built, incident, caseRow: row, userId };
}

/** A hotline call logged by an operator of the organisation, its summary a canary. */
export async function buildCall(ctx: AppContext, organisationId: string, input: Partial<LogCallData> = {}, operatorId?: string) {
  const userId = operatorId ?? (await buildUser(ctx, { role: 'hotline_operator', organisationId })).id;
  const summary = `CANARY-summary-${randomUUID().slice(0, 8)}`;
  const call = await logCall(ctx, requestAs(userId, organisationId, 'hotline_operator'), {
    receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
    callerKind: 'survivor',
    topics: ['sexual_violence'],
    isUrgent: false,
    summary,
    ...input,
  });
  return { call, summary, operatorId: userId };
}
