/**
 * Labels of incident fields from core: the classification catalog (en, fr, ar) and the
 * Incident Recorder vocabularies (en, fr, ar).
 */
import { classifyText, type ClassifyMessageKey } from '../../../core/classify';
import { incidentLabel, INCIDENT_VOCABULARIES, vocabularyLanguage } from '../../../core/gbvims/vocabularies';
import type { IncidentView } from '../../../core/schemas/incidents';
import { dateLocale, formatDate, formatDateTime } from '../../app/format';
import type { Translate } from '../../app/i18n';

export type IncidentVocabulary = keyof typeof INCIDENT_VOCABULARIES;

export function vocabLabel(list: IncidentVocabulary, id: string | null | undefined, lang: string): string {
  return incidentLabel(INCIDENT_VOCABULARIES[list], id, vocabularyLanguage(lang));
}

export function vocabOptions(list: IncidentVocabulary, lang: string) {
  return INCIDENT_VOCABULARIES[list].map((entry) => ({ value: entry.id, label: entry.labels[vocabularyLanguage(lang)] }));
}

/** A classification label ('classify.type.rape', ...); the raw id when the catalog lacks it. */
export function classifyLabel(prefix: string, id: string | null | undefined, lang: string): string {
  if (!id) return '';
  const key = `${prefix}.${id}`;
  // Old records may hold an id the catalog no longer has: show the id rather than nothing.
  return (classifyText(lang, key as ClassifyMessageKey) as string | undefined) ?? id;
}

export const typeLabel = (type: string | null | undefined, lang: string) => classifyLabel('classify.type', type, lang);
export const contextLabel = (context: string, lang: string) => classifyLabel('classify.context', context, lang);
export const actLabel = (act: string, lang: string) => classifyLabel('classify.act', act, lang);

/** When it happened, as precisely as recorded; the month only for roles that do not see the date. */
export function incidentWhen(incident: IncidentView, t: Translate, lang: string): string {
  const time = incident.incidentTime;
  if (time) {
    switch (time.precision) {
      case 'exact':
        return formatDateTime(lang, time.at);
      case 'date':
        return t('incidents.timeDate', { date: formatDate(lang, time.date) });
      case 'range':
        return t('incidents.timeRange', { earliest: formatDateTime(lang, time.earliest), latest: formatDateTime(lang, time.latest) });
      default:
        return t('incidents.timeUnknown');
    }
  }
  if (incident.incidentMonth) {
    const [year, month] = incident.incidentMonth.split('-').map(Number);
    if (year && month) return new Intl.DateTimeFormat(dateLocale(lang), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 15)));
    return incident.incidentMonth;
  }
  return t('incidents.timeUnknown');
}

export function areaLabel(area: IncidentView['area'], lang: string): string {
  if (!area) return '';
  const names = area.names ?? {};
  return names[lang] ?? names.en ?? names.fr ?? Object.values(names)[0] ?? area.code;
}
