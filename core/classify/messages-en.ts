/**
 * English texts of the classification: questions, types, acts, contexts and the perpetrator
 * and abduction lists. The reference catalog: fr and ar must have every key (the types say so).
 * The question wording is ours, paraphrasing the GBVIMS classification tool.
 */
export const classifyEn = {
  'classify.title': 'Classify the incident',
  'classify.answer.yes': 'Yes',
  'classify.answer.no': 'No',

  'classify.question.penetration':
    'Did the incident include penetration, however slight, of the vagina, anus or mouth with a penis or another body part, or of the vagina or anus with an object, without consent?',
  'classify.question.sexual_contact':
    'Did the incident include any other unwanted sexual contact, without penetration? This includes attempted rape, unwanted kissing, touching of the genitals, breasts or buttocks, and female genital mutilation/cutting.',
  'classify.question.physical_violence':
    'Did the incident include physical violence that is not sexual, such as hitting, slapping, choking, cutting, shoving, burning, shooting, the use of any weapon, or an acid attack?',
  'classify.question.forced_marriage': 'Was the survivor married against her or his will?',
  'classify.question.denial_of_resources':
    'Was the survivor denied rightful access to economic resources or assets, livelihood opportunities, or education, health or other social services (for example a widow kept from her inheritance, earnings taken away, a girl kept from school)?',
  'classify.question.psychological_abuse':
    'Did the incident inflict mental or emotional pain or injury, such as threats of physical or sexual violence, intimidation, humiliation, forced isolation, stalking, harassment, or unwanted attention, remarks, gestures or written words of a sexual or menacing nature?',

  'classify.type.rape': 'Rape',
  'classify.type.sexual_assault': 'Sexual assault',
  'classify.type.physical_assault': 'Physical assault',
  'classify.type.forced_marriage': 'Forced marriage',
  'classify.type.denial_of_resources_opportunities_or_services': 'Denial of resources, opportunities or services',
  'classify.type.psychological_emotional_abuse': 'Psychological / emotional abuse',
  'classify.type.non-gbv': 'Not gender-based violence',

  'classify.act.rape': 'Rape',
  'classify.act.attempted_rape': 'Attempted rape',
  'classify.act.sexual_slavery': 'Sexual slavery',
  'classify.act.forced_prostitution': 'Forced prostitution',
  'classify.act.forced_marriage': 'Forced marriage',
  'classify.act.forced_pregnancy': 'Forced pregnancy',
  'classify.act.forced_abortion': 'Forced abortion',
  'classify.act.enforced_sterilisation': 'Enforced sterilisation',
  'classify.act.forced_nudity': 'Forced nudity',
  'classify.act.genital_mutilation': 'Mutilation of genitals',
  'classify.act.sexual_torture': 'Sexual torture',
  'classify.act.sexual_harassment': 'Sexual harassment',
  'classify.act.other': 'Other act of sexual violence',

  'classify.context.intimate_partner_violence': 'Intimate partner violence',
  'classify.context.child_sexual_abuse': 'Child sexual abuse',
  'classify.context.early_marriage': 'Early marriage',
  'classify.context.possible_sexual_exploitation': 'Possible sexual exploitation',
  'classify.context.sexual_exploitation_and_abuse': 'Sexual exploitation and abuse (SEA) by a peacekeeper or aid worker',
  'classify.context.possible_sexual_slavery': 'Possible sexual slavery',

  'classify.relationship.intimate_partner_former_partner': 'Intimate partner / former partner',
  'classify.relationship.primary_caregiver': 'Primary caregiver',
  'classify.relationship.family_other': 'Family other than spouse or caregiver',
  'classify.relationship.supervisor_employer': 'Supervisor / employer',
  'classify.relationship.schoolmate': 'Schoolmate',
  'classify.relationship.teacher_school_official': 'Teacher / school official',
  'classify.relationship.service_provider': 'Service provider',
  'classify.relationship.cotenant_housemate': 'Cotenant / housemate',
  'classify.relationship.family_friend_neighbour': 'Family friend / neighbour',
  'classify.relationship.other_refugee_idp_returnee': 'Other refugee, IDP or returnee',
  'classify.relationship.other_resident_community_member': 'Other resident community member',
  'classify.relationship.other': 'Other',
  'classify.relationship.no_relation': 'No relation',
  'classify.relationship.unknown': 'Unknown',

  'classify.perpetratorCategory.state_forces': 'State armed or security forces',
  'classify.perpetratorCategory.non_state_armed_group': 'Non-State armed group',
  'classify.perpetratorCategory.peacekeeper': 'Peacekeeper',
  'classify.perpetratorCategory.humanitarian_worker': 'Humanitarian or development worker',
  'classify.perpetratorCategory.civilian': 'Civilian',
  'classify.perpetratorCategory.unknown': 'Unknown',

  'classify.abduction.none': 'None',
  'classify.abduction.forced_conscription': 'Forced conscription',
  'classify.abduction.trafficked': 'Trafficked',
  'classify.abduction.other_abduction_kidnapping': 'Other abduction or kidnapping',
  'classify.abduction.unknown': 'Unknown',
} as const;

export type ClassifyMessageKey = keyof typeof classifyEn;
