/** What an API token may be used for. One purpose per token (least privilege). */
export const TOKEN_PURPOSES = ['areas.read', 'alerts.intake', 'statistics.read'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];
