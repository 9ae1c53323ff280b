/**
 * Roles and what each may do. Permissions are coarse capabilities; object-level checks
 * (same organisation, consent) live in each module's policy functions.
 */
export const ROLES = [
  'admin',
  'case_worker',
  'supervisor',
  'focal_point',
  'analyst',
  'coordinator',
  'justice_actor',
  'viewer',
  'hotline_operator',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'organisations.manage',
  'users.manage',
  'tokens.manage',
  'audit.read',
  'places.read',
  'places.import',
  'identifying.read',
  /** Register survivors, record consent and incidents, run cases, refer (DESIGN capabilities 1-2). */
  'cases.work',
  /** Approve case plans and closures; override a missing consent (CON-3); execute erasure. */
  'cases.supervise',
  /** Non-identifying incident lists and figures of one's own organisation. */
  'incidents.read',
  /** The GBVIMS Incident Recorder export: non-identifying, incidents with statistics consent. */
  'incidents.export',
  /** Log hotline calls and turn them into incidents or referrals. */
  'hotline.intake',
  /** Keep the organisation's entries in the service directory. */
  'services.manage',
  /** Community alerts (issue 4): read and triage the organisation's alerts, their text opened and audited. */
  'alerts.triage',
  /** Community alerts: configure SMS and webhook channels (secrets write-only). */
  'alerts.configure',
  /** Community alerts: keep the register of focal points and their phone numbers. */
  'alerts.focal_points',
  /** Community alerts: send an alert by the web form (focal points with an account, hotline operators). */
  'alerts.report',
  /** Community alerts: see and work the response tasks given to one's own organisation (area only, DESIGN 3 privacy). */
  'alerts.respond',
  /** Community alerts: counts per area and response-time figures, never a point or a text. */
  'alerts.aggregates',
  /** Community alerts: response-time targets per severity, the outbound channel and on-call numbers. */
  'alerts.targets',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  // AUTHZ-4: administrators manage configuration, not cases: no identifying.read.
  admin: ['organisations.manage', 'users.manage', 'tokens.manage', 'audit.read', 'places.read', 'places.import', 'services.manage', 'alerts.configure', 'alerts.focal_points', 'alerts.targets'],
  case_worker: ['places.read', 'identifying.read', 'cases.work', 'incidents.read', 'hotline.intake'],
  supervisor: ['places.read', 'identifying.read', 'cases.work', 'cases.supervise', 'incidents.read', 'incidents.export', 'hotline.intake', 'services.manage', 'alerts.triage', 'alerts.report', 'alerts.respond', 'alerts.aggregates'],
  focal_point: ['places.read', 'alerts.report'],
  // MIN-2: analysts never receive identifying fields, only the non-identifying views.
  analyst: ['places.read', 'incidents.read', 'incidents.export', 'alerts.aggregates'],
  coordinator: ['places.read', 'services.manage', 'alerts.triage', 'alerts.focal_points', 'alerts.report', 'alerts.respond', 'alerts.aggregates', 'alerts.targets'],
  justice_actor: ['places.read', 'identifying.read'],
  viewer: ['places.read'],
  // A green-line operator hears callers' stories but reads no case record.
  hotline_operator: ['places.read', 'hotline.intake', 'alerts.report'],
};

export const roleHasPermission = (role: Role, permission: Permission): boolean =>
  GRANTS[role].includes(permission);

/**
 * AUTHN-1: a second factor is required for roles that read identifying data, and for
 * administrators, who can change who reads it.
 */
export const roleRequiresTotp = (role: Role): boolean =>
  role === 'admin' || roleHasPermission(role, 'identifying.read') || roleHasPermission(role, 'hotline.intake');
