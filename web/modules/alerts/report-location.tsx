/**
 * Where an alert happened: an area from the list or its P-code, and, if the reporter wants,
 * the device's position with its accuracy. The position goes only to the alert officers
 * (DESIGN capability 3: exact points for officers, areas for partners, counts for others).
 *
 * testids: report-where-list, report-where-code, report-area, report-area-code,
 * report-locate, report-location, report-location-clear, report-location-error
 */
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { Loading } from '../../ui/loading';
import { AreaSelect } from '../services/area-select';

export interface ReportPosition {
  lat: number;
  lon: number;
  accuracy?: number;
}

export interface ReportPlace {
  mode: 'list' | 'code';
  areaId: string;
  areaCode: string;
  location: ReportPosition | null;
}

export const NO_PLACE: ReportPlace = { mode: 'list', areaId: '', areaCode: '', location: null };

type LocateError = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

const formatMetres = (lang: string, metres: number) =>
  new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-latn' : lang, { style: 'unit', unit: metres >= 1000 ? 'kilometer' : 'meter', maximumFractionDigits: metres >= 1000 ? 1 : 0 }).format(
    metres >= 1000 ? metres / 1000 : metres,
  );

export function ReportLocation({ place, onChange, errors }: { place: ReportPlace; onChange: (place: ReportPlace) => void; errors: { areaId?: string | undefined; areaCode?: string | undefined; location?: string | undefined } }) {
  const { t, lang } = useI18n();
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<LocateError | null>(null);

  const locate = () => {
    setLocateError(null);
    // Browsers give positions only to secure pages (HTTPS or localhost).
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      setLocateError('unsupported');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        const { latitude, longitude, accuracy } = position.coords;
        onChange({ ...place, location: { lat: latitude, lon: longitude, ...(Number.isFinite(accuracy) ? { accuracy: Math.round(accuracy) } : {}) } });
      },
      (error) => {
        setLocating(false);
        setLocateError(error.code === error.PERMISSION_DENIED ? 'denied' : error.code === error.TIMEOUT ? 'timeout' : 'unavailable');
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  return (
    <fieldset className="aa-fieldset">
      <legend>{t('alertAdmin.report.where')}</legend>
      <div className="aa-segmented" role="radiogroup" aria-label={t('alertAdmin.report.whereHow')}>
        {(['list', 'code'] as const).map((mode) => (
          <label key={mode} className="aa-segmented__option">
            <input type="radio" name="report-where" value={mode} checked={place.mode === mode} onChange={() => onChange({ ...place, mode })} data-testid={`report-where-${mode}`} />
            {t(mode === 'list' ? 'alertAdmin.report.whereList' : 'alertAdmin.report.whereCode')}
          </label>
        ))}
      </div>
      {place.mode === 'list' ? (
        <>
          <AreaSelect label={t('alertAdmin.report.area')} emptyLabel={t('alertAdmin.report.areaUnknown')} value={place.areaId} onChange={(areaId) => onChange({ ...place, areaId })} testId="report-area" />
          {errors.areaId ? <p className="field__error">{errors.areaId}</p> : null}
        </>
      ) : (
        <TextField
          label={t('alertAdmin.report.areaCode')}
          hint={t('alertAdmin.report.areaCodeHint')}
          dir="ltr"
          autoCapitalize="characters"
          spellCheck={false}
          value={place.areaCode}
          onChange={(e) => onChange({ ...place, areaCode: e.target.value })}
          error={errors.areaCode}
          testId="report-area-code"
        />
      )}
      <div className="aa-locate">
        {place.location ? (
          <p className="aa-locate__result" data-testid="report-location">
            {place.location.accuracy !== undefined
              ? t('alertAdmin.report.locationWithin', { distance: formatMetres(lang, place.location.accuracy) })
              : t('alertAdmin.report.locationSet')}{' '}
            <bdi dir="ltr" className="muted">
              {place.location.lat.toFixed(5)}, {place.location.lon.toFixed(5)}
            </bdi>
          </p>
        ) : null}
        <div className="button-row">
          <Button onClick={locate} busy={locating} testId="report-locate">
            {place.location ? t('alertAdmin.report.locateAgain') : t('alertAdmin.report.locate')}
          </Button>
          {place.location ? (
            <Button variant="quiet" onClick={() => onChange({ ...place, location: null })} testId="report-location-clear">
              {t('alertAdmin.report.locationClear')}
            </Button>
          ) : null}
        </div>
        {locating ? <Loading label={t('alertAdmin.report.locating')} /> : null}
        <p className="field__hint">{t('alertAdmin.report.locateHint')}</p>
        {locateError ? (
          <Alert tone="warning" testId="report-location-error">
            {t(`alertAdmin.report.locateError.${locateError}`)}
          </Alert>
        ) : null}
        {errors.location ? <p className="field__error">{errors.location}</p> : null}
      </div>
    </fieldset>
  );
}
