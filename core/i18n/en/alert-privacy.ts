/** Why roles that see aggregates only get fewer filters and whole months on the alert map and figures (SECURITY AGG-2). */
export const enAlertPrivacy = {
  'alertPrivacy.map.hint': 'To protect people, your counts cover whole calendar months and can be narrowed by area only: comparing counts with and without a filter, or over periods a day apart, could reveal a few alerts.',
  'alertPrivacy.figures.hint': 'To protect people, these figures cover whole calendar months ({from} to {to}), and a count, time or share drawn from fewer than {threshold} alerts is not shown.',
  'alertPrivacy.period.1': 'This month',
  'alertPrivacy.period.3': 'Last 3 months',
  'alertPrivacy.period.6': 'Last 6 months',
  'alertPrivacy.period.12': 'Last 12 months',
} as const;
