import type { enAlertPrivacy } from '../en/alert-privacy';

/** لماذا تحصل الأدوار التي ترى المجاميع فقط على مرشحات أقل وأشهر كاملة (SECURITY AGG-2). */
export const arAlertPrivacy: Record<keyof typeof enAlertPrivacy, string> = {
  'alertPrivacy.map.hint': 'حمايةً للناس، تغطي أعدادك أشهرًا تقويمية كاملة ولا يمكن تضييقها إلا حسب المنطقة: فمقارنة الأعداد مع مرشح وبدونه، أو على فترات يفصل بينها يوم واحد، قد تكشف عددًا قليلًا من الإنذارات.',
  'alertPrivacy.figures.hint': 'حمايةً للناس، تغطي هذه الأرقام أشهرًا تقويمية كاملة (من {from} إلى {to})، ولا يُعرض أي عدد أو مدة أو نسبة مأخوذة من أقل من {threshold} إنذارًا.',
  'alertPrivacy.period.1': 'هذا الشهر',
  'alertPrivacy.period.3': 'آخر 3 أشهر',
  'alertPrivacy.period.6': 'آخر 6 أشهر',
  'alertPrivacy.period.12': 'آخر 12 شهرًا',
};
