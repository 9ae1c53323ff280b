/**
 * The on-call numbers told of escalations (issue 4 part 4): one sealed JSON list per
 * organisation (STO-1). Each number carries an id, so the settings form keeps a number by its
 * id without ever holding it: the browser only sees it masked (MIN-2).
 */
import { conflict } from '../../../core/errors';
import type { OnCallPhoneView, PutSettingsInput } from '../../../core/schemas/alert-response';
import { maskPhone } from './policy';

export interface OnCallPhone {
  id: string;
  phone: string;
}

/**
 * Lists sealed before numbers had ids hold plain strings: each gets an id from its place in
 * the list, stable until the next save writes real ids.
 */
const positionalId = (index: number) => `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;

/** The sealed list's text (opened by the caller) as numbers with ids; [] for none. */
export function parseOnCallPhones(text: string | null): OnCallPhone[] {
  if (text === null) return [];
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown, index): OnCallPhone[] => {
    if (typeof entry === 'string') return [{ id: positionalId(index), phone: entry }];
    if (entry && typeof entry === 'object' && typeof (entry as OnCallPhone).id === 'string' && typeof (entry as OnCallPhone).phone === 'string')
      return [{ id: (entry as OnCallPhone).id, phone: (entry as OnCallPhone).phone }];
    return [];
  });
}

export const serialiseOnCallPhones = (list: readonly OnCallPhone[]): string => JSON.stringify(list.map(({ id, phone }) => ({ id, phone })));

export const presentOnCallPhones = (list: readonly OnCallPhone[]): OnCallPhoneView[] => list.map(({ id, phone }) => ({ id, masked: maskPhone(phone) }));

/**
 * The list a PUT asks for: numbers kept by id, new ones added, the rest removed; duplicates
 * once. A number typed again that is already set keeps its id. An id that is no longer set
 * (someone else removed it meanwhile) is a conflict naming its place in the list.
 */
export function mergeOnCallPhones(
  current: readonly OnCallPhone[],
  given: PutSettingsInput['onCallPhones'],
  newId: () => string,
): { list: OnCallPhone[]; kept: number; added: number } {
  const list: OnCallPhone[] = [];
  let kept = 0;
  let added = 0;
  given.forEach((entry, index) => {
    if (typeof entry === 'string') {
      if (list.some((p) => p.phone === entry)) return;
      const known = current.find((p) => p.phone === entry);
      list.push(known ?? { id: newId(), phone: entry });
      if (known) kept += 1;
      else added += 1;
      return;
    }
    const known = current.find((p) => p.id === entry.id);
    if (!known)
      throw conflict('alerts.on_call_phone_gone', `onCallPhones.${index} names a number that is no longer set: reload the settings and try again.`, `onCallPhones.${index}`);
    if (list.some((p) => p.id === known.id || p.phone === known.phone)) return;
    list.push(known);
    kept += 1;
  });
  return { list, kept, added };
}
