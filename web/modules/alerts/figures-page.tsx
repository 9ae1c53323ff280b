/**
 * Response times (/alerts/figures; alerts.aggregates, and alert officers): time from receipt
 * to acknowledgement, verification and response, per area or per week or month: median and
 * 90th percentile in minutes, hours or days, the share that met its severity's target, and
 * how many alerts reached each stage. A table on wide screens, cards on a phone.
 *
 * For analysts the server withholds the figures of groups with few alerts (AGG-2): such a
 * group reads "not shown", with a note saying why. It counts whole UTC months for them
 * (weeks cut at a month's start) and withholds a stage's count, times and share drawn from
 * few alerts; a hint gives the months counted.
 *
 * testids: alert-figures-page, figures-group, figures-level, figures-from, figures-to,
 * figures-total, figures-table, figures-row-<key>, figures-small-cells, figures-privacy,
 * figures-map-link
 */
import { useState } from 'react';
import type { AlertFigures, AlertMetricsRow } from '../../../core/schemas/alert-views';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link } from '../../app/router';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { getAlertMetrics } from './admin-api';
import { formatCount, formatMinutes } from './figures-format';
import { useAreaNames } from './map-areas';
import { formatShare } from './settings-labels';
import './alert-admin.css';

type Group = 'area' | 'week' | 'month';
type Stage = 'acknowledge' | 'verify' | 'respond';
const STAGES: readonly { stage: Stage; time: 'timeToAcknowledge' | 'timeToVerify' | 'timeToRespond'; reached: 'acknowledged' | 'verified' | 'responded' }[] = [
  { stage: 'acknowledge', time: 'timeToAcknowledge', reached: 'acknowledged' },
  { stage: 'verify', time: 'timeToVerify', reached: 'verified' },
  { stage: 'respond', time: 'timeToRespond', reached: 'responded' },
];

/** A YYYY-MM-DD in the device's calendar, for a date input. */
const dayOf = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
/** The start of a device-local day as an instant; `next` gives the day after (the end is exclusive). */
const startOf = (day: string, next = false) => {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + (next ? 1 : 0));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

function StageFigures({ figures, stage }: { figures: AlertFigures; stage: (typeof STAGES)[number] }) {
  const { t, lang } = useI18n();
  // AGG-2: a withheld group or stage shows no figure, rather than figures that read as "no data".
  if (figures.suppressed || figures[stage.reached] === null) return <p className="muted">{t('alerts.smallCells.withheld')}</p>;
  const time = figures[stage.time];
  const share = figures.withinTarget[stage.stage];
  return (
    <dl className="aa-figure">
      <dt>{t('alertAdmin.figures.median')}</dt>
      <dd>{time.medianMinutes === null ? t('alertAdmin.figures.noData') : formatMinutes(lang, time.medianMinutes)}</dd>
      <dt>{t('alertAdmin.figures.p90')}</dt>
      <dd>{time.p90Minutes === null ? t('alertAdmin.figures.noData') : formatMinutes(lang, time.p90Minutes)}</dd>
      <dt>{t('alertAdmin.figures.withinTarget')}</dt>
      <dd>{share === null ? t('alertAdmin.figures.noData') : formatShare(lang, share)}</dd>
      <dd className="aa-figure__reached">{t('alertAdmin.figures.reached', { count: formatCount(lang, figures[stage.reached] ?? 0) })}</dd>
    </dl>
  );
}

export function AlertFiguresPage() {
  const { t, lang } = useI18n();
  const areas = useAreaNames();
  const [group, setGroup] = useState<Group>('area');
  const [level, setLevel] = useState<1 | 2>(1);
  const [fromDay, setFromDay] = useState(() => dayOf(new Date(Date.now() - 29 * 86_400_000)));
  const [toDay, setToDay] = useState(() => dayOf(new Date()));
  const from = startOf(fromDay);
  const to = startOf(toDay, true);
  const badPeriod = !from || !to || from >= to;
  const metrics = useLoad(
    (signal) => (badPeriod ? Promise.resolve(undefined) : getAlertMetrics({ from, to, groupBy: group, level: group === 'area' ? level : undefined }, signal)),
    [from, to, group, level],
  );

  const keyLabel = (row: AlertMetricsRow) => {
    if (group === 'area') return row.key ? areas.byId(row.key) || row.code || row.key : t('alertAdmin.figures.unlocated');
    if (!row.key) return '—';
    if (group === 'week') return t('alertAdmin.figures.weekOf', { date: formatDate(lang, row.key) });
    return new Intl.DateTimeFormat(lang === 'ar' ? 'ar-u-nu-latn' : lang === 'en' ? 'en-GB' : lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${row.key}T00:00:00Z`));
  };
  const columns: Column<AlertMetricsRow>[] = [
    { key: 'key', header: t('alertAdmin.figures.key'), render: (row) => <strong data-testid={`figures-row-${row.key ?? 'none'}`}>{keyLabel(row)}</strong> },
    { key: 'alerts', header: t('alertAdmin.figures.alerts'), render: (row) => (row.alerts === null ? t('alerts.smallCells.withheld') : formatCount(lang, row.alerts)) },
    ...STAGES.map((stage) => ({ key: stage.stage, header: t(`alertAdmin.stage.${stage.stage}`), render: (row: AlertMetricsRow) => <StageFigures figures={row} stage={stage} /> })),
  ];

  return (
    <Page
      title={t('alertAdmin.figures.title')}
      intro={t('alertAdmin.figures.intro')}
      actions={<Link to="/alerts/map" data-testid="figures-map-link">{t('alertAdmin.figures.mapLink')}</Link>}
    >
      <div data-testid="alert-figures-page">
        <div className="filters filters--compact aa-filters">
          <SelectField label={t('alertAdmin.figures.groupBy')} value={group} onChange={(e) => setGroup(e.target.value as Group)}
            options={[{ value: 'area', label: t('alertAdmin.figures.byArea') }, { value: 'week', label: t('alertAdmin.figures.byWeek') }, { value: 'month', label: t('alertAdmin.figures.byMonth') }]} testId="figures-group" />
          {group === 'area' ? (
            <SelectField label={t('alertAdmin.map.level')} value={String(level)} onChange={(e) => setLevel(e.target.value === '2' ? 2 : 1)}
              options={[{ value: '1', label: t('alertAdmin.map.level1') }, { value: '2', label: t('alertAdmin.map.level2') }]} testId="figures-level" />
          ) : null}
          <TextField label={t('alertAdmin.figures.from')} type="date" value={fromDay} max={toDay} onChange={(e) => setFromDay(e.target.value)} testId="figures-from" />
          <TextField label={t('alertAdmin.figures.to')} type="date" value={toDay} min={fromDay} onChange={(e) => setToDay(e.target.value)} testId="figures-to" />
        </div>
        {badPeriod ? <Alert tone="warning">{t('alertAdmin.figures.badPeriod')}</Alert> : null}
        <LoadView load={metrics} label={t('alertAdmin.figures.loading')}>
          {(answer) =>
            !answer ? null : answer.total.alerts === 0 ? (
              <EmptyState>{t('alertAdmin.figures.empty')}</EmptyState>
            ) : (
              <>
                <section className="panel" aria-labelledby="figures-total-title" data-testid="figures-total">
                  <h2 id="figures-total-title">
                    {t('alertAdmin.figures.total')}: {answer.total.alerts === null ? t('alerts.smallCells.withheld') : formatCount(lang, answer.total.alerts)}
                  </h2>
                  {answer.smallCells ? <p className="muted" data-testid="figures-small-cells">{t('alerts.smallCells.note', { threshold: formatCount(lang, answer.smallCells.threshold) })}</p> : null}
                  {answer.smallCells ? (
                    <p className="muted" data-testid="figures-privacy">
                      {t('alertPrivacy.figures.hint', {
                        from: formatDate(lang, answer.from.slice(0, 10)),
                        // The end is exclusive: the last day counted is the day before.
                        to: formatDate(lang, new Date(Date.parse(answer.to) - 86_400_000).toISOString().slice(0, 10)),
                        threshold: formatCount(lang, answer.smallCells.threshold),
                      })}
                    </p>
                  ) : null}
                  <div className="aa-figures__stages">
                    {STAGES.map((stage) => (
                      <div key={stage.stage} className="aa-figures__stage">
                        <h3>{t(`alertAdmin.stage.${stage.stage}`)}</h3>
                        <StageFigures figures={answer.total} stage={stage} />
                      </div>
                    ))}
                  </div>
                </section>
                <DataTable caption={t('alertAdmin.figures.title')} columns={columns} rows={answer.rows} rowKey={(row) => row.key ?? 'none'} testId="figures-table" />
              </>
            )
          }
        </LoadView>
      </div>
    </Page>
  );
}
