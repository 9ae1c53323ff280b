import type { enAlertPrivacy } from '../en/alert-privacy';

/** Pourquoi les rôles qui ne voient que des agrégats ont moins de filtres et des mois entiers (SECURITY AGG-2). */
export const frAlertPrivacy: Record<keyof typeof enAlertPrivacy, string> = {
  'alertPrivacy.map.hint': 'Pour protéger les personnes, vos décomptes portent sur des mois civils entiers et ne se filtrent que par zone : comparer des décomptes avec et sans filtre, ou sur des périodes décalées d’un jour, pourrait révéler quelques alertes.',
  'alertPrivacy.figures.hint': 'Pour protéger les personnes, ces chiffres portent sur des mois civils entiers (du {from} au {to}), et un nombre, un délai ou une part tiré de moins de {threshold} alertes n’est pas affiché.',
  'alertPrivacy.period.1': 'Ce mois-ci',
  'alertPrivacy.period.3': '3 derniers mois',
  'alertPrivacy.period.6': '6 derniers mois',
  'alertPrivacy.period.12': '12 derniers mois',
};
