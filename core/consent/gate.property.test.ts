/**
 * CON-4 as a property: 10,000 random sequences of grant, withdraw, refer and read, each step
 * checked against a reference model (a Set of live (purpose, recipient, service) scopes).
 * 0 violations: nothing is allowed without a live grant (in particular after its withdrawal
 * and before a new grant), and nothing covered is refused.
 * CON-2 mutation test: the same property run against deliberately broken gates must FAIL, so
 * this suite would catch a gate that opens where it must not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from '../auth/roles';
import { decideDisclosure, type DisclosureDecision, type DisclosureRequest, type OverrideRequest } from './gate';
import { buildConsent, ids } from './test-consents';
import { CONSENT_PURPOSES, isRecipientScoped, type ConsentPurpose, type ConsentRecord } from './types';

type Gate = (request: DisclosureRequest) => DisclosureDecision;

const ORGS: string[] = [ids.orgA, ids.orgB, ids.orgC];
const SERVICES: string[] = [ids.service1, ids.service2];
const START = Date.parse('2024-01-01T00:00:00Z');
const SEED = 20_240_515;

interface Scope {
  purpose: ConsentPurpose;
  organisationId: string | null;
  serviceId: string | null;
}
/** One step; override is only used by refer and read. */
interface Step extends Scope {
  kind: 'grant' | 'withdraw' | 'refer' | 'read';
  dt: number;
  override: OverrideRequest | null;
}

const key = (s: Scope) => `${s.purpose}|${s.organisationId ?? '-'}|${s.serviceId ?? '*'}`;
/** A withdrawal at t counts at t (so does a grant); dt = 0 makes steps share an instant. */
const dt = fc.constantFrom(0, 0, 1, 1_000, 3_600_000);

/** Scopes as a consent records them: referral and justice name an organisation, maybe a service. */
const grantScope: fc.Arbitrary<Scope> = fc.constantFrom(...CONSENT_PURPOSES).chain((purpose) =>
  isRecipientScoped(purpose)
    ? fc.record<Scope>({ purpose: fc.constant(purpose), organisationId: fc.constantFrom(...ORGS), serviceId: fc.constantFrom(null, ...SERVICES) })
    : fc.constant<Scope>({ purpose, organisationId: null, serviceId: null }),
);
/** Scopes as a disclosure asks for them, including ones no consent may cover (services to another organisation). */
const askScope: fc.Arbitrary<Scope> = fc.record({
  purpose: fc.constantFrom(...CONSENT_PURPOSES),
  organisationId: fc.constantFrom(null, ...ORGS),
  serviceId: fc.constantFrom(null, ...SERVICES),
});
/** Overrides that must never open the gate: wrong reason, wrong role, or no real justification. */
const invalidOverride: fc.Arbitrary<OverrideRequest> = fc.oneof(
  fc.record({ reasonCode: fc.constantFrom('curiosity', 'research', ''), justification: fc.constant('x'.repeat(60)), actorRole: fc.constant<Role>('supervisor') }),
  fc.record({ reasonCode: fc.constantFrom('imminent_risk', 'mandatory_reporting'), justification: fc.constant('x'.repeat(60)), actorRole: fc.constantFrom<Role>('case_worker', 'admin', 'analyst', 'viewer') }),
  fc.record({ reasonCode: fc.constantFrom('imminent_risk', 'mandatory_reporting'), justification: fc.constantFrom('', 'urgent', ' '.repeat(50)), actorRole: fc.constant<Role>('supervisor') }),
);

/**
 * Each sequence works on a small pool of scopes, so that grants, withdrawals and asks meet
 * often; one draw in five takes any scope, including ones no consent may cover.
 */
function stepsOver(pool: readonly Scope[]): fc.Arbitrary<Step> {
  const grantable = fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 4 }, { arbitrary: grantScope, weight: 1 });
  const askable = fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 4 }, { arbitrary: askScope, weight: 1 });
  return fc.oneof(
    fc.record({ kind: fc.constantFrom('grant' as const, 'withdraw' as const), scope: grantable, dt }).map(({ scope, ...s }) => ({ ...s, ...scope, override: null })),
    fc
      .record({ kind: fc.constantFrom('refer' as const, 'read' as const), scope: askable, dt, override: fc.option(invalidOverride, { freq: 3 }) })
      .map(({ scope, ...s }) => ({ ...s, ...scope, ...(s.kind === 'refer' ? { purpose: 'referral' as const } : {}) })),
  );
}
const sequences = fc
  .array(grantScope, { minLength: 1, maxLength: 4 })
  .chain((pool) => fc.array(stepsOver(pool), { minLength: 1, maxLength: 40, size: 'max' }));

/** The reference model's answer: is some live grant's scope covering this request? */
function modelCovers(live: ReadonlySet<string>, ask: Scope): boolean {
  if (isRecipientScoped(ask.purpose)) {
    if (!ask.organisationId) return false;
    return live.has(key({ ...ask, serviceId: null })) || (ask.serviceId !== null && live.has(key(ask)));
  }
  if (ask.purpose === 'services' && ask.organisationId) return false;
  return live.has(key({ purpose: ask.purpose, organisationId: null, serviceId: null }));
}

interface Tally {
  checks: number;
  allowed: number;
  violations: number;
  falseDenials: number;
}

/** Plays one sequence through the gate and the model; counts disagreements. */
function play(gate: Gate, steps: readonly Step[], tally: Tally): boolean {
  const consents: ConsentRecord[] = [];
  const live = new Set<string>();
  let t = START;
  for (const s of steps) {
    t += s.dt;
    const iso = new Date(t).toISOString();
    if (s.kind === 'grant') {
      consents.push(buildConsent({ purpose: s.purpose, recipientOrganisationId: s.organisationId, serviceId: s.serviceId, givenAt: iso }));
      live.add(key(s));
    } else if (s.kind === 'withdraw') {
      for (const [i, c] of consents.entries()) {
        const same = key({ purpose: c.purpose, organisationId: c.recipientOrganisationId, serviceId: c.serviceId }) === key(s);
        if (same && c.withdrawnAt === null) consents[i] = { ...c, withdrawnAt: iso, withdrawalRecordedBy: ids.worker };
      }
      live.delete(key(s));
    } else {
      const recipient = s.organisationId ? { organisationId: s.organisationId, serviceId: s.serviceId } : null;
      const decision = gate({ consents: [...consents], purpose: s.purpose, recipient, at: iso, override: s.override });
      const expected = modelCovers(live, s);
      tally.checks += 1;
      if (decision.allowed) tally.allowed += 1;
      if (decision.allowed && !expected) tally.violations += 1;
      if (!decision.allowed && expected) tally.falseDenials += 1;
      if (decision.allowed !== expected) return false;
      if (decision.allowed && decision.basis !== 'consent') return false;
    }
  }
  return true;
}

const propertyFor = (gate: Gate, tally: Tally = { checks: 0, allowed: 0, violations: 0, falseDenials: 0 }) =>
  fc.property(sequences, (steps) => play(gate, steps, tally));

describe('decideDisclosure against the reference model (CON-4)', () => {
  it('10,000 random grant/withdraw/refer/read sequences: 0 violations, 0 false denials', () => {
    const tally: Tally = { checks: 0, allowed: 0, violations: 0, falseDenials: 0 };
    fc.assert(propertyFor(decideDisclosure, tally), { numRuns: 10_000, seed: SEED });
    expect(tally.violations).toBe(0);
    expect(tally.falseDenials).toBe(0);
    // The sequences exercise both answers: many disclosures are covered, many are not.
    expect(tally.checks).toBeGreaterThan(50_000);
    expect(tally.allowed / tally.checks).toBeGreaterThan(0.15);
    expect(tally.allowed / tally.checks).toBeLessThan(0.85);
    console.info(`CON-4: ${tally.checks} disclosure checks, ${tally.allowed} allowed, ${tally.violations} violations`);
  });
});

describe('mutation test (CON-2): the property finds a gate that opens where it must not', () => {
  const mutants: Record<string, Gate> = {
    'allows everything': () => ({ allowed: true, basis: 'consent', consentId: 'any' }),
    'ignores withdrawal': (r) => decideDisclosure({ ...r, consents: r.consents.map((c) => ({ ...c, withdrawnAt: null })) }),
    'applies withdrawal only after its instant': (r) =>
      decideDisclosure({ ...r, consents: r.consents.map((c) => (c.withdrawnAt ? { ...c, withdrawnAt: new Date(Date.parse(c.withdrawnAt) + 1).toISOString() } : c)) }),
    'ignores the recipient': (r) =>
      decideDisclosure({ ...r, consents: r.consents.map((c) => (c.recipientOrganisationId ? { ...c, recipientOrganisationId: r.recipient?.organisationId ?? null } : c)) }),
    'ignores the service': (r) => decideDisclosure({ ...r, consents: r.consents.map((c) => ({ ...c, serviceId: null })) }),
    'ignores the purpose': (r) => decideDisclosure({ ...r, consents: r.consents.map((c) => ({ ...c, purpose: r.purpose })) }),
    'accepts any override': (r) => (r.override ? { allowed: true, basis: 'consent', consentId: 'override' } : decideDisclosure(r)),
  };

  it.each(Object.entries(mutants))('finds a counterexample when the gate %s', (_name, gate) => {
    const result = fc.check(propertyFor(gate), { numRuns: 10_000, seed: SEED });
    expect(result.failed).toBe(true);
    expect(result.counterexample).not.toBeNull();
  });
});
