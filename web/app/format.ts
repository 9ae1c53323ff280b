/**
 * Dates in the interface language. Times are shown in the device's time zone. English is
 * written the British way (22 Nov 2026), the same day-month order as French; Arabic keeps
 * Latin digits, like every other number on the pages.
 */
export function dateLocale(lang: string): string {
  if (lang === 'en') return 'en-GB';
  if (lang === 'ar') return 'ar-u-nu-latn';
  return lang;
}

export function formatDateTime(lang: string, iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(dateLocale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A day; a bare YYYY-MM-DD is a calendar day, shown as is whatever the device's time zone. */
export function formatDate(lang: string, iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const calendarDay = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return new Intl.DateTimeFormat(dateLocale(lang), { dateStyle: 'medium', ...(calendarDay ? { timeZone: 'UTC' } : {}) }).format(date);
}

/** Items joined as the language joins a list ("a, b and c"; Arabic uses its own comma). */
export function listFormat(lang: string, items: readonly string[], type: 'conjunction' | 'unit' = 'unit'): string {
  try {
    return new Intl.ListFormat(lang, { style: 'short', type }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** A label before its value: French puts a no-break space before the colon. */
export function labelled(lang: string, label: string): string {
  return lang === 'fr' ? `${label}\u00a0: ` : `${label}: `;
}

/** A long id shortened for display; the full id goes in a title or a details view. */
export function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}
