import type { enClock } from '../en/clock';

/** Horloge clinique. Espaces insécables avant « : » et entre « 72 » et « h ». */
export const frClock: Record<keyof typeof enClock, string> = {
  'clock.title': 'Horloge clinique',
  'clock.pep': 'Prophylaxie post-exposition (VIH), dans les 72\u00a0h',
  'clock.emergency_contraception': 'Contraception d’urgence, dans les 120\u00a0h',
  'clock.pep.short': 'PPE',
  'clock.emergency_contraception.short': 'CU',
  'clock.state.open': 'Ouverte',
  'clock.state.possibly_open': 'Peut-être ouverte',
  'clock.state.closed': 'Fermée',
  'clock.state.unknown': 'Inconnue',
  'clock.state.not_applicable': 'Ne s’applique pas',
  'clock.hoursLeft.one': '{count}\u00a0h restante',
  'clock.hoursLeft.other': '{count}\u00a0h restantes',
  'clock.hoursLeftRange': '{min} à {max}\u00a0h restantes',
  'clock.elapsed.one': '{count} heure depuis l’incident',
  'clock.elapsed.other': '{count} heures depuis l’incident',
  'clock.elapsedRange': 'Entre {min} et {max} heures depuis l’incident',
  'clock.elapsedUnknown': 'Le moment de l’incident est inconnu.',
  'clock.assess': 'Orientez-la vers des soins médicaux maintenant\u00a0: la prophylaxie post-exposition (dans les 72\u00a0h) et la contraception d’urgence (dans les 120\u00a0h) peuvent encore aider.',
  'clock.unknownAdvice': 'Le moment est inconnu\u00a0: un·e clinicien·ne doit évaluer maintenant.',
};
