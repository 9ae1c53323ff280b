/**
 * Settings, response targets (alerts.targets): per severity, the minutes from receipt by which
 * an alert should be acknowledged, verified and responded to. Past a target the alert
 * escalates on its own. Weft's defaults apply until the organisation sets its own, and the
 * page says which is which. Only the severities changed here are sent.
 *
 * testids: targets-section, targets-form, target-<severity>-<stage>, target-source-<severity>,
 * targets-submit
 */
import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_TARGETS, RESPONSE_SEVERITIES, RESPONSE_STAGES, type ResponseSeverity, type ResponseStage } from '../../../core/alerts/response';
import type { PutTargetsInput, TargetsView } from '../../../core/schemas/alert-response';
import { useI18n } from '../../app/i18n';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { LoadView } from '../../ui/load-view';
import { getTargets, putTargets } from './admin-api';
import { formatMinutes } from './figures-format';
import { errorAt, formErrorAt } from './settings-labels';
import { SeverityTag } from './tasks-labels';

type Grid = Record<ResponseSeverity, Record<ResponseStage, string>>;
const FIELD_OF: Record<ResponseStage, 'acknowledgeMinutes' | 'verifyMinutes' | 'respondMinutes'> = {
  acknowledge: 'acknowledgeMinutes',
  verify: 'verifyMinutes',
  respond: 'respondMinutes',
};

const toGrid = (view: TargetsView): Grid =>
  Object.fromEntries(
    RESPONSE_SEVERITIES.map((s) => [s, Object.fromEntries(RESPONSE_STAGES.map((stage) => [stage, String(view.targets[s][FIELD_OF[stage]])]))]),
  ) as Grid;

function TargetsForm({ view, onSaved }: { view: TargetsView; onSaved: (view: TargetsView) => void }) {
  const { t, lang } = useI18n();
  const [grid, setGrid] = useState<Grid>(() => toGrid(view));
  const [saved, setSaved] = useState(false);
  useEffect(() => setGrid(toGrid(view)), [view]);
  const original = toGrid(view);
  const changed = RESPONSE_SEVERITIES.filter((s) => RESPONSE_STAGES.some((stage) => grid[s][stage] !== original[s][stage]));
  const save = useAction(async () => {
    setSaved(false);
    const targets: PutTargetsInput['targets'] = {};
    for (const s of changed) {
      targets[s] = { acknowledgeMinutes: Number(grid[s].acknowledge), verifyMinutes: Number(grid[s].verify), respondMinutes: Number(grid[s].respond) };
    }
    onSaved(await putTargets({ targets }));
    setSaved(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (changed.length) void save.run();
  };
  const alert = formErrorAt(save.error, [...RESPONSE_SEVERITIES], t);

  return (
    <form className="aa-targets" onSubmit={submit} noValidate data-testid="targets-form">
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      {saved && !save.error ? <Alert tone="success">{t('alertAdmin.targets.saved')}</Alert> : null}
      <div className="aa-targets__grid">
        {RESPONSE_SEVERITIES.map((severity) => {
          const rowError = errorAt(save.error, severity, t);
          return (
            <fieldset key={severity} className="aa-targets__row">
              <legend>
                <SeverityTag severity={severity} />
                <span className="muted" data-testid={`target-source-${severity}`}>
                  {view.targets[severity].source === 'default' ? t('alertAdmin.targets.sourceDefault') : t('alertAdmin.targets.sourceOrganisation')}
                </span>
              </legend>
              {RESPONSE_STAGES.map((stage) => {
                const value = grid[severity][stage];
                const id = `target-${severity}-${stage}`;
                return (
                  <div key={stage} className="field aa-targets__cell">
                    <label className="field__label" htmlFor={id}>
                      {t(`alertAdmin.stage.${stage}`)}
                    </label>
                    <div className="aa-targets__input">
                      <input
                        id={id}
                        className="field__control"
                        type="number"
                        inputMode="numeric"
                        min={1}
                        max={43200}
                        value={value}
                        onChange={(e) => setGrid((g) => ({ ...g, [severity]: { ...g[severity], [stage]: e.target.value } }))}
                        aria-describedby={`${id}-help`}
                        aria-invalid={rowError ? true : undefined}
                        data-testid={id}
                      />
                      <span className="aa-targets__unit">{t('alertAdmin.targets.minutes')}</span>
                    </div>
                    <p className="field__hint" id={`${id}-help`}>
                      {value !== '' && Number.isFinite(Number(value)) ? `= ${formatMinutes(lang, Number(value))}` : ''}
                      {' · '}
                      {t('alertAdmin.targets.default', { value: formatMinutes(lang, DEFAULT_TARGETS[severity][stage]) })}
                    </p>
                  </div>
                );
              })}
              {rowError ? <p className="field__error">{rowError}</p> : null}
            </fieldset>
          );
        })}
      </div>
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} disabled={changed.length === 0} testId="targets-submit">
          {t('alertAdmin.targets.submit')}
        </Button>
        {changed.length ? <span className="muted">{t('alertAdmin.targets.changed', { count: changed.length })}</span> : null}
      </div>
    </form>
  );
}

export function TargetsSection() {
  const { t } = useI18n();
  const targets = useLoad((signal) => getTargets(signal), []);
  // The answer to a save is the new state: shown without asking again.
  const [latest, setLatest] = useState<TargetsView | null>(null);
  return (
    <section className="aa-section" aria-labelledby="targets-title" data-testid="targets-section">
      <h2 id="targets-title">{t('alertAdmin.targets.title')}</h2>
      <p className="muted">{t('alertAdmin.targets.intro')}</p>
      <LoadView load={targets}>
        {(view) => (
<TargetsForm view={latest ?? view} onSaved={setLatest} />
        )}
      </LoadView>
    </section>
  );
}
