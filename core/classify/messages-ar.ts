import type { ClassifyMessageKey } from './messages-en';

/** النصوص العربية للتصنيف: الأسئلة والأنواع والأفعال والسياقات والقوائم. */
export const classifyAr: Record<ClassifyMessageKey, string> = {
  'classify.title': 'تصنيف الحادثة',
  'classify.answer.yes': 'نعم',
  'classify.answer.no': 'لا',

  'classify.question.penetration':
    'هل تضمّنت الحادثة إيلاجًا، ولو طفيفًا، في المهبل أو الشرج أو الفم بالقضيب أو بجزء آخر من الجسم، أو إيلاج أداة في المهبل أو الشرج، دون رضا؟',
  'classify.question.sexual_contact':
    'هل تضمّنت الحادثة أيّ اتصال جنسي آخر غير مرغوب فيه دون إيلاج؟ ويشمل ذلك محاولة الاغتصاب، والتقبيل غير المرغوب فيه، ولمس الأعضاء التناسلية أو الثديين أو الأرداف، وتشويه الأعضاء التناسلية الأنثوية (الختان).',
  'classify.question.physical_violence':
    'هل تضمّنت الحادثة عنفًا جسديًا غير جنسي، مثل الضرب أو الصفع أو الخنق أو الجرح بأداة حادة أو الدفع أو الحرق أو إطلاق النار أو استخدام أيّ سلاح أو الاعتداء بمادة حمضية؟',
  'classify.question.forced_marriage': 'هل زُوِّج الناجي أو الناجية رغمًا عن إرادته أو إرادتها؟',
  'classify.question.denial_of_resources':
    'هل حُرم الناجي أو الناجية من حقّه المشروع في الوصول إلى الموارد أو الأصول الاقتصادية، أو فرص كسب العيش، أو التعليم أو الصحة أو غيرها من الخدمات الاجتماعية (مثل حرمان أرملة من ميراثها، أو الاستيلاء على الدخل، أو منع فتاة من الذهاب إلى المدرسة)؟',
  'classify.question.psychological_abuse':
    'هل ألحقت الحادثة ألمًا أو أذًى نفسيًا أو عاطفيًا، مثل التهديد بالعنف الجسدي أو الجنسي، أو الترهيب، أو الإذلال، أو العزل القسري، أو الملاحقة، أو التحرّش، أو الاهتمام أو التعليقات أو الإيماءات أو الكتابات غير المرغوب فيها ذات الطابع الجنسي أو التهديدي؟',

  'classify.type.rape': 'اغتصاب',
  'classify.type.sexual_assault': 'اعتداء جنسي',
  'classify.type.physical_assault': 'اعتداء جسدي',
  'classify.type.forced_marriage': 'زواج قسري',
  'classify.type.denial_of_resources_opportunities_or_services': 'الحرمان من الموارد أو الفرص أو الخدمات',
  'classify.type.psychological_emotional_abuse': 'إساءة نفسية / عاطفية',
  'classify.type.non-gbv': 'ليس عنفًا قائمًا على النوع الاجتماعي',

  'classify.act.rape': 'اغتصاب',
  'classify.act.attempted_rape': 'محاولة اغتصاب',
  'classify.act.sexual_slavery': 'استعباد جنسي',
  'classify.act.forced_prostitution': 'بغاء قسري',
  'classify.act.forced_marriage': 'زواج قسري',
  'classify.act.forced_pregnancy': 'حمل قسري',
  'classify.act.forced_abortion': 'إجهاض قسري',
  'classify.act.enforced_sterilisation': 'تعقيم قسري',
  'classify.act.forced_nudity': 'تعرية قسرية',
  'classify.act.genital_mutilation': 'تشويه الأعضاء التناسلية',
  'classify.act.sexual_torture': 'تعذيب جنسي',
  'classify.act.sexual_harassment': 'تحرّش جنسي',
  'classify.act.other': 'فعل آخر من أفعال العنف الجنسي',

  'classify.context.intimate_partner_violence': 'عنف الشريك الحميم',
  'classify.context.child_sexual_abuse': 'اعتداء جنسي على طفل',
  'classify.context.early_marriage': 'زواج مبكر',
  'classify.context.possible_sexual_exploitation': 'استغلال جنسي محتمل',
  'classify.context.sexual_exploitation_and_abuse': 'استغلال وانتهاك جنسيان من قِبل فرد من قوات حفظ السلام أو عامل إغاثة',
  'classify.context.possible_sexual_slavery': 'استعباد جنسي محتمل',

  'classify.relationship.intimate_partner_former_partner': 'شريك حميم / شريك سابق',
  'classify.relationship.primary_caregiver': 'مقدّم الرعاية الأساسي',
  'classify.relationship.family_other': 'فرد من الأسرة غير الزوج أو مقدّم الرعاية',
  'classify.relationship.supervisor_employer': 'مشرف / صاحب عمل',
  'classify.relationship.schoolmate': 'زميل دراسة',
  'classify.relationship.teacher_school_official': 'معلّم / موظف في المدرسة',
  'classify.relationship.service_provider': 'مقدّم خدمات',
  'classify.relationship.cotenant_housemate': 'شريك في السكن',
  'classify.relationship.family_friend_neighbour': 'صديق للعائلة / جار',
  'classify.relationship.other_refugee_idp_returnee': 'لاجئ أو نازح داخلي أو عائد آخر',
  'classify.relationship.other_resident_community_member': 'فرد آخر من المجتمع المقيم',
  'classify.relationship.other': 'أخرى',
  'classify.relationship.no_relation': 'لا توجد علاقة',
  'classify.relationship.unknown': 'غير معروفة',

  'classify.perpetratorCategory.state_forces': 'القوات المسلحة أو قوات الأمن التابعة للدولة',
  'classify.perpetratorCategory.non_state_armed_group': 'جماعة مسلحة من غير الدول',
  'classify.perpetratorCategory.peacekeeper': 'فرد من قوات حفظ السلام',
  'classify.perpetratorCategory.humanitarian_worker': 'عامل في المجال الإنساني أو الإنمائي',
  'classify.perpetratorCategory.civilian': 'مدني',
  'classify.perpetratorCategory.unknown': 'غير معروف',

  'classify.abduction.none': 'لا يوجد',
  'classify.abduction.forced_conscription': 'تجنيد قسري',
  'classify.abduction.trafficked': 'ضحية اتجار بالبشر',
  'classify.abduction.other_abduction_kidnapping': 'اختطاف آخر',
  'classify.abduction.unknown': 'غير معروف',
};
