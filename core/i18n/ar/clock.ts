import type { enClock } from '../en/clock';

/** الساعة السريرية. The 'other' forms are phrased to read well with any number (Arabic has six plural categories). */
export const arClock: Record<keyof typeof enClock, string> = {
  'clock.title': 'الساعة السريرية',
  'clock.pep': 'الوقاية بعد التعرض (فيروس نقص المناعة)، خلال 72\u00a0ساعة',
  'clock.emergency_contraception': 'منع الحمل الطارئ، خلال 120\u00a0ساعة',
  'clock.pep.short': 'الوقاية بعد التعرض',
  'clock.emergency_contraception.short': 'منع الحمل الطارئ',
  'clock.state.open': 'مفتوحة',
  'clock.state.possibly_open': 'ربما مفتوحة',
  'clock.state.closed': 'مغلقة',
  'clock.state.unknown': 'غير معروفة',
  'clock.state.not_applicable': 'لا تنطبق',
  'clock.hoursLeft.one': 'تبقّت ساعة واحدة ({count})',
  'clock.hoursLeft.other': 'الساعات المتبقية: {count}',
  'clock.hoursLeftRange': 'الساعات المتبقية: من {min} إلى {max}',
  'clock.elapsed.one': 'مرّت ساعة واحدة ({count}) منذ الحادثة',
  'clock.elapsed.other': 'عدد الساعات منذ الحادثة: {count}',
  'clock.elapsedRange': 'عدد الساعات منذ الحادثة: بين {min} و{max}',
  'clock.elapsedUnknown': 'وقت الحادثة غير معروف.',
  'clock.assess': 'أحِلها إلى الرعاية الطبية الآن: قد تفيد الوقاية بعد التعرض (خلال 72\u00a0ساعة) ومنع الحمل الطارئ (خلال 120\u00a0ساعة).',
  'clock.unknownAdvice': 'الوقت غير معروف: يجب أن يقيّم طبيب الآن.',
};
