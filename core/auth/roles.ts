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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  // AUTHZ-4: administrators manage configuration, not cases: no identifying.read.
  admin: ['organisations.manage', 'users.manage', 'tokens.manage', 'audit.read', 'places.read', 'places.import'],
  case_worker: ['places.read', 'identifying.read'],
  supervisor: ['places.read', 'identifying.read'],
  focal_point: ['places.read'],
  analyst: ['places.read'],
  coordinator: ['places.read'],
  justice_actor: ['places.read', 'identifying.read'],
  viewer: ['places.read'],
};

export const roleHasPermission = (role: Role, permission: Permission): boolean =>
  GRANTS[role].includes(permission);

/**
 * AUTHN-1: a second factor is required for roles that read identifying data, and for
 * administrators, who can change who reads it.
 */
export const roleRequiresTotp = (role: Role): boolean =>
  role === 'admin' || roleHasPermission(role, 'identifying.read');
