/**
 * The choropleth's classes: counts cut into at most five ranges, each with a colour and its
 * numbers in words (the legend never relies on colour alone). Small maxima get one class per
 * value, so "1" and "2" are not lumped together.
 *
 * Areas whose count is withheld from a role that sees aggregates only (AGG-2) get their own
 * swatch and a legend entry saying why, never a count class.
 *
 * testids: alert-map-legend, alert-map-legend-<index>, alert-map-legend-withheld
 */
import { useI18n } from '../../app/i18n';
import { formatCount } from './figures-format';

export interface CountClass {
  from: number;
  to: number;
  colour: string;
}

/** Light to dark; contrast between neighbours kept for colour-blind readers (one hue, rising darkness). */
const RAMP = ['#fde0c5', '#f9a66c', '#e8633a', '#b8321f', '#6e1510'];
export const ZERO_COLOUR = '#eef2f0';
/** Withheld counts: a cool grey outside the warm ramp, hatched, so it never reads as a quantity. */
export const WITHHELD_COLOUR = '#b9c3cc';

/**
 * Classes for counts from `smallest` to `max`. `smallest` is 1, or the small-cell threshold
 * for a reader who never sees fewer (AGG-2), so no class promises counts that cannot appear.
 */
export function countClasses(max: number, smallest = 1): CountClass[] {
  const min = Math.max(1, Math.min(smallest, max));
  if (max <= 0) return [];
  const values = max - min + 1;
  if (values <= RAMP.length) return Array.from({ length: values }, (_, i) => ({ from: min + i, to: min + i, colour: RAMP[RAMP.length - values + i]! }));
  // Geometric steps: counts of alerts are skewed (a few hot areas), equal steps would hide the rest.
  const bounds: number[] = [];
  for (let i = 1; i <= RAMP.length; i++) bounds.push(Math.max(min + i - 1, Math.round(min * (max / min) ** (i / RAMP.length))));
  const classes: CountClass[] = [];
  let from = min;
  bounds.forEach((to, i) => {
    if (to < from) return;
    classes.push({ from, to, colour: RAMP[i]! });
    from = to + 1;
  });
  return classes;
}

/** An area's fill: its class, ZERO_COLOUR for none, WITHHELD_COLOUR for a withheld count (null). */
export const colourOf = (count: number | null, classes: readonly CountClass[]): string =>
  count === null ? WITHHELD_COLOUR : count <= 0 ? ZERO_COLOUR : (classes.find((c) => count >= c.from && count <= c.to)?.colour ?? classes[classes.length - 1]?.colour ?? ZERO_COLOUR);

/** `threshold`: set when small counts are withheld from this reader (AGG-2). */
export function MapLegend({ classes, threshold = null }: { classes: readonly CountClass[]; threshold?: number | null }) {
  const { t, lang } = useI18n();
  return (
    <div className="aa-legend" data-testid="alert-map-legend">
      <p className="aa-legend__title">{t('alertAdmin.map.legend')}</p>
      <ul className="aa-legend__items">
        <li>
          <span className="aa-legend__swatch" style={{ background: ZERO_COLOUR }} aria-hidden="true" />
          {t('alertAdmin.map.legendNone')}
        </li>
        {classes.map((c, i) => (
          <li key={c.from} data-testid={`alert-map-legend-${i}`}>
            <span className="aa-legend__swatch" style={{ background: c.colour }} aria-hidden="true" />
            {c.from === c.to
              ? t('alertAdmin.map.legendOne', { value: formatCount(lang, c.from) })
              : t('alertAdmin.map.legendRange', { from: formatCount(lang, c.from), to: formatCount(lang, c.to) })}
          </li>
        ))}
        {threshold !== null ? (
          <li data-testid="alert-map-legend-withheld">
            <span className="aa-legend__swatch" style={{ background: `repeating-linear-gradient(45deg, ${WITHHELD_COLOUR} 0 3px, ${ZERO_COLOUR} 3px 6px)` }} aria-hidden="true" />
            {t('alerts.smallCells.legend', { threshold: formatCount(lang, threshold) })}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
