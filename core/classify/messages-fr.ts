import type { ClassifyMessageKey } from './messages-en';

/** Textes français de la classification (questions, types, actes, contextes, listes). */
export const classifyFr: Record<ClassifyMessageKey, string> = {
  'classify.title': "Classer l'incident",
  'classify.answer.yes': 'Oui',
  'classify.answer.no': 'Non',

  'classify.question.penetration':
    "L'incident a-t-il comporté une pénétration, même légère, du vagin, de l'anus ou de la bouche par un pénis ou une autre partie du corps, ou du vagin ou de l'anus par un objet, sans consentement ?",
  'classify.question.sexual_contact':
    "L'incident a-t-il comporté un autre contact sexuel non désiré, sans pénétration ? Cela comprend la tentative de viol, les baisers non désirés, les attouchements des parties génitales, des seins ou des fesses, et les mutilations génitales féminines/excision.",
  'classify.question.physical_violence':
    "L'incident a-t-il comporté une violence physique non sexuelle, par exemple frapper, gifler, étrangler, blesser avec une lame, bousculer, brûler, tirer sur la personne, utiliser une arme ou l'attaquer à l'acide ?",
  'classify.question.forced_marriage': 'La personne survivante a-t-elle été mariée contre sa volonté ?',
  'classify.question.denial_of_resources':
    "La personne survivante a-t-elle été privée de son accès légitime à des ressources ou biens économiques, à des moyens de subsistance, ou à l'éducation, à la santé ou à d'autres services sociaux (par exemple une veuve privée de son héritage, des revenus confisqués, une fille empêchée d'aller à l'école) ?",
  'classify.question.psychological_abuse':
    "L'incident a-t-il infligé une souffrance ou un préjudice mental ou émotionnel, par exemple des menaces de violence physique ou sexuelle, de l'intimidation, de l'humiliation, un isolement forcé, une traque, du harcèlement, ou des attentions, remarques, gestes ou écrits non désirés à caractère sexuel ou menaçant ?",

  'classify.type.rape': 'Viol',
  'classify.type.sexual_assault': 'Agression sexuelle',
  'classify.type.physical_assault': 'Agression physique',
  'classify.type.forced_marriage': 'Mariage forcé',
  'classify.type.denial_of_resources_opportunities_or_services': "Déni de ressources, d'opportunités ou de services",
  'classify.type.psychological_emotional_abuse': 'Violence psychologique / émotionnelle',
  'classify.type.non-gbv': "Ce n'est pas une violence basée sur le genre",

  'classify.act.rape': 'Viol',
  'classify.act.attempted_rape': 'Tentative de viol',
  'classify.act.sexual_slavery': 'Esclavage sexuel',
  'classify.act.forced_prostitution': 'Prostitution forcée',
  'classify.act.forced_marriage': 'Mariage forcé',
  'classify.act.forced_pregnancy': 'Grossesse forcée',
  'classify.act.forced_abortion': 'Avortement forcé',
  'classify.act.enforced_sterilisation': 'Stérilisation forcée',
  'classify.act.forced_nudity': 'Nudité forcée',
  'classify.act.genital_mutilation': 'Mutilation des organes génitaux',
  'classify.act.sexual_torture': 'Torture sexuelle',
  'classify.act.sexual_harassment': 'Harcèlement sexuel',
  'classify.act.other': 'Autre acte de violence sexuelle',

  'classify.context.intimate_partner_violence': 'Violence entre partenaires intimes',
  'classify.context.child_sexual_abuse': "Abus sexuel sur un enfant",
  'classify.context.early_marriage': 'Mariage précoce',
  'classify.context.possible_sexual_exploitation': 'Exploitation sexuelle possible',
  'classify.context.sexual_exploitation_and_abuse':
    "Exploitation et abus sexuels (EAS) par un membre d'une opération de paix ou un travailleur humanitaire",
  'classify.context.possible_sexual_slavery': 'Esclavage sexuel possible',

  'classify.relationship.intimate_partner_former_partner': 'Partenaire intime / ancien partenaire',
  'classify.relationship.primary_caregiver': 'Personne qui prend principalement soin de la survivante',
  'classify.relationship.family_other': "Membre de la famille autre que le conjoint ou la personne qui en prend soin",
  'classify.relationship.supervisor_employer': 'Superviseur / employeur',
  'classify.relationship.schoolmate': "Camarade d'école",
  'classify.relationship.teacher_school_official': 'Enseignant / personnel scolaire',
  'classify.relationship.service_provider': 'Prestataire de services',
  'classify.relationship.cotenant_housemate': 'Colocataire / personne vivant sous le même toit',
  'classify.relationship.family_friend_neighbour': 'Ami de la famille / voisin',
  'classify.relationship.other_refugee_idp_returnee': 'Autre réfugié, déplacé interne ou rapatrié',
  'classify.relationship.other_resident_community_member': 'Autre membre de la communauté résidente',
  'classify.relationship.other': 'Autre',
  'classify.relationship.no_relation': 'Aucune relation',
  'classify.relationship.unknown': 'Inconnue',

  'classify.perpetratorCategory.state_forces': "Forces armées ou de sécurité de l'État",
  'classify.perpetratorCategory.non_state_armed_group': 'Groupe armé non étatique',
  'classify.perpetratorCategory.peacekeeper': "Membre d'une opération de maintien de la paix",
  'classify.perpetratorCategory.humanitarian_worker': 'Travailleur humanitaire ou du développement',
  'classify.perpetratorCategory.civilian': 'Civil',
  'classify.perpetratorCategory.unknown': 'Inconnu',

  'classify.abduction.none': 'Aucun',
  'classify.abduction.forced_conscription': 'Enrôlement forcé',
  'classify.abduction.trafficked': 'Victime de traite',
  'classify.abduction.other_abduction_kidnapping': 'Autre enlèvement',
  'classify.abduction.unknown': 'Inconnu',
};
