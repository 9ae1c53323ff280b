/**
 * The choropleth's classes: counts cut into at most five ranges, each with a colour and its
 * numbers in words (the legend never relies on colour alone). Small maxima get one class per
 * value, so "1" and "2" are not lumped together.
 *
 * testids: alert-map-legend, alert-map-legend-<index>
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

export function countClasses(max: number): CountClass[] {
  if (max <= 0) return [];
  if (max <= RAMP.length) return Array.from({ length: max }, (_, i) => ({ from: i + 1, to: i + 1, colour: RAMP[RAMP.length - max + i]! }));
  // Geometric steps: counts of alerts are skewed (a few hot areas), equal steps would hide the rest.
  const bounds: number[] = [];
  for (let i = 1; i <= RAMP.length; i++) bounds.push(Math.max(i, Math.round(max ** (i / RAMP.length))));
  const classes: CountClass[] = [];
  let from = 1;
  bounds.forEach((to, i) => {
    if (to < from) return;
    classes.push({ from, to, colour: RAMP[i]! });
    from = to + 1;
  });
  return classes;
}

export const colourOf = (count: number, classes: readonly CountClass[]): string =>
  count <= 0 ? ZERO_COLOUR : (classes.find((c) => count >= c.from && count <= c.to)?.colour ?? classes[classes.length - 1]?.colour ?? ZERO_COLOUR);

export function MapLegend({ classes }: { classes: readonly CountClass[] }) {
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
      </ul>
    </div>
  );
}
