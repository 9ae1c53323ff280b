/**
 * Warns when an alert's free text looks like it carries a person's identity: a phone number,
 * an email address, a phrase that introduces a name ("my name is", "je m'appelle", "jina langu
 * ni", "اسمي"), a title before a capitalised word ("Mama Furaha"), or a pair of capitalised
 * words in mid-sentence. Alerts never carry a survivor's identity by design (issue 4, Privacy;
 * SECURITY MIN-1): the form WARNS, it never blocks, since an alert that does not arrive may
 * cost more than one that says too much. Heuristics, tuned to stay quiet on ordinary reports:
 * dates, times, counts and coordinates are not phone numbers; sentence starts and place
 * phrases ("near Kanyabayonga Centre") are not names. Bounded work on any input (REL-4): only
 * the first FREE_TEXT_SCAN_CHARS characters are scanned, with linear regular expressions.
 */

export const IDENTIFYING_TEXT_REASONS = ['phone_number', 'email_address', 'name_phrase', 'titled_name', 'name_pair'] as const;
export type IdentifyingTextReason = (typeof IDENTIFYING_TEXT_REASONS)[number];

export interface IdentifyingTextWarning {
  reason: IdentifyingTextReason;
  /** Where the match starts and how long it is (UTF-16 units), so a form can highlight it. */
  index: number;
  length: number;
}

/** Only the start of very long texts is scanned: the warning is advice, and must stay fast. */
export const FREE_TEXT_SCAN_CHARS = 10_000;

/** Digit runs with the separators people write inside phone numbers. */
const PHONE_CANDIDATE = /\+?(?:\(\d{1,4}\)[ .-]?)?\d(?:[ .-]?\d){5,17}/g;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}/g;
/** A date with a four-digit year inside a digit run (2026-11-20, 20/11/2026). */
const DATE_LIKE = /(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d{2}/;
/** Decimal numbers such as coordinates (-1.6789 29.2345) or amounts (1.500.000 is not this). */
const DECIMAL = /\d\.\d{3,}(?!\.)|\d{3,}\.\d{4,}/;

/**
 * Phrases that introduce a person's name, in the languages of the alert form and Arabic.
 * Matched case-insensitively; what follows them is flagged, whatever its case.
 */
const NAME_PHRASES: readonly string[] = [
  // English
  'my name is', "my name's", 'her name is', 'his name is', 'their names are', 'named', 'i am called', 'she is called', 'he is called',
  // French
  "je m'appelle", 'je m’appelle', "elle s'appelle", 'elle s’appelle', "il s'appelle", 'il s’appelle', 'mon nom est', 'son nom est', 'leur nom est', 'nommée', 'nommé', 'prénommée', 'prénommé', 'surnommée', 'surnommé',
  // Swahili
  'jina langu ni', 'jina lake ni', 'majina yao ni', 'naitwa', 'anaitwa', 'wanaitwa', 'aitwaye',
  // Arabic
  'اسمي', 'اسمها', 'اسمه', 'تدعى', 'يدعى',
];
const NAME_PHRASE = new RegExp(`(?<![\\p{L}])(?:${NAME_PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}])\\s*[:,-]?\\s*(\\S+)`, 'giu');

/** Titles and kinship words used before a given name. */
const TITLES = /(?<![\p{L}])(?:Mr|Mrs|Ms|Miss|Dr|M|Mme|Mlle|Madame|Monsieur|Mama|Maman|Papa|Baba|Bwana|Bibi|Mzee|Dada|Kaka|Chief|Chef|Pasteur|Pastor|Abbé|Sheikh|Cheikh|Mwalimu)\.?\s+(\p{Lu}\p{Ll}{1,20})(?![\p{L}])/gu;

/** Two capitalised words in a row, each 2–20 letters. */
const PAIR = /(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}{1,19})\s+(\p{Lu}\p{Ll}{1,19})(?![\p{L}])/gu;

/** Words after which a capitalised pair is a place or an organisation, not a person. */
const PLACE_WORDS = new Set([
  'in', 'at', 'near', 'from', 'to', 'towards', 'toward', 'of', 'the', 'road', 'village', 'camp', 'via', 'into', 'behind', 'outside', 'inside', 'around',
  'à', 'a', 'au', 'aux', 'de', 'du', 'des', 'la', 'le', 'les', 'vers', 'près', 'dans', 'sur', 'route', 'village', 'camp', 'entre', 'chez', 'depuis',
  'katika', 'kwa', 'karibu', 'kutoka', 'hadi', 'mpaka', 'kijiji', 'kambi', 'barabara', 'mji', 'wa', 'ya', 'la', 'za', 'huko',
]);

/** Capitalised words that are not given names: days, months, common place and organisation words. */
const NOT_NAMES = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'jumatatu', 'jumanne', 'jumatano', 'alhamisi', 'ijumaa', 'jumamosi', 'jumapili',
  'north', 'south', 'east', 'west', 'nord', 'sud', 'est', 'ouest', 'kaskazini', 'kusini', 'mashariki', 'magharibi',
  'river', 'lake', 'mount', 'hill', 'market', 'centre', 'center', 'school', 'church', 'hospital', 'health', 'road', 'camp', 'village', 'town', 'city', 'province', 'territory', 'district',
  'rivière', 'lac', 'mont', 'colline', 'marché', 'école', 'église', 'hôpital', 'centre', 'santé', 'route', 'ville', 'territoire', 'chefferie', 'groupement', 'quartier', 'cité',
  'mto', 'ziwa', 'mlima', 'soko', 'shule', 'kanisa', 'hospitali', 'kituo',
  'army', 'police', 'forces', 'force', 'group', 'armed', 'militia', 'mission', 'nations', 'united', 'red', 'cross', 'armée', 'forces', 'groupe', 'armé', 'milice', 'croix', 'rouge', 'jeshi', 'polisi', 'kikundi',
  'fardc', 'monusco', 'unhcr', 'unicef',
]);

function sortedUnique(warnings: IdentifyingTextWarning[]): IdentifyingTextWarning[] {
  const seen = new Set<string>();
  return warnings
    .sort((a, b) => a.index - b.index || b.length - a.length)
    .filter((w) => {
      const key = `${w.reason}:${w.index}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function looksLikePhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  if (digits < 8 || digits > 15) return false;
  if (DATE_LIKE.test(candidate) || DECIMAL.test(candidate)) return false;
  // Written with a + or 00, or a national number with a trunk 0: phone-shaped from 8 digits.
  if (/^(?:\+|00|\(?0)/.test(candidate)) return true;
  // Otherwise only a long unbroken run or regular groups: 9+ digits.
  return digits >= 9;
}

/**
 * The places in `text` that look like they identify a person, with the reason for each,
 * ordered by position; an empty list when nothing does. Never throws.
 */
export function detectIdentifyingText(text: string): IdentifyingTextWarning[] {
  if (typeof text !== 'string' || text === '') return [];
  const scanned = text.length > FREE_TEXT_SCAN_CHARS ? text.slice(0, FREE_TEXT_SCAN_CHARS) : text;
  const warnings: IdentifyingTextWarning[] = [];

  for (const match of scanned.matchAll(EMAIL)) warnings.push({ reason: 'email_address', index: match.index, length: match[0].length });
  const inEmail = (index: number) => warnings.some((w) => w.reason === 'email_address' && index >= w.index && index < w.index + w.length);

  for (const match of scanned.matchAll(PHONE_CANDIDATE)) {
    // A digit run glued to letters or to more digits (an id, a plate) is not written as a phone number.
    const before = scanned[match.index - 1] ?? '';
    const after = scanned[match.index + match[0].length] ?? '';
    if (/[\p{L}\p{N}]/u.test(before) || /\p{N}/u.test(after) || inEmail(match.index)) continue;
    if (looksLikePhoneNumber(match[0])) warnings.push({ reason: 'phone_number', index: match.index, length: match[0].length });
  }

  for (const match of scanned.matchAll(NAME_PHRASE)) warnings.push({ reason: 'name_phrase', index: match.index, length: match[0].length });

  for (const match of scanned.matchAll(TITLES)) {
    if (NOT_NAMES.has(match[1]!.toLowerCase())) continue;
    warnings.push({ reason: 'titled_name', index: match.index, length: match[0].length });
  }

  for (const match of scanned.matchAll(PAIR)) {
    const [whole, first, second] = match as unknown as [string, string, string];
    if (NOT_NAMES.has(first.toLowerCase()) || NOT_NAMES.has(second.toLowerCase())) continue;
    // Mid-sentence only: the word before must be a lower-case word that is not a place preposition.
    const head = scanned.slice(Math.max(0, match.index - 40), match.index);
    const previous = /(\p{L}+)[\s,]*$/u.exec(head);
    if (!previous || !/^\p{Ll}/u.test(previous[1]!) || PLACE_WORDS.has(previous[1]!.toLowerCase())) continue;
    if (/[.!?:;]\s*$/.test(head)) continue;
    warnings.push({ reason: 'name_pair', index: match.index, length: whole.length });
  }

  return sortedUnique(warnings);
}

/** Whether `text` deserves a warning before it is sent. */
export const hasIdentifyingText = (text: string): boolean => detectIdentifyingText(text).length > 0;
