/**
 * Registering a focal point, or changing one. Phone numbers are written once and never
 * shown again in clear: a focal point's page lists them masked (+243••••••12), and a number
 * is removed, not edited (STO-1, MIN-2).
 *
 * testids: focal-point-form, focal-point-name, focal-point-area, focal-point-network,
 * focal-point-language-<tag>, focal-point-trust, focal-point-enabled, focal-point-phones,
 * focal-point-calling-code, focal-point-identity-<id>, focal-point-remove-<id>,
 * focal-point-submit, focal-point-cancel
 */
import { useState, type FormEvent } from 'react';
import { FOCAL_POINT_TRUST_LEVELS, type FocalPointView } from '../../../core/schemas/alerts';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, SelectField, TextField } from '../../ui/field';
import { TextAreaField } from '../../ui/text-area';
import { AreaSelect } from '../services/area-select';
import { languageName } from '../services/languages';
import { createFocalPoint, updateFocalPoint } from './admin-api';
import { errorAt, formErrorAt, trustLevelLabel, type TrustLevel } from './settings-labels';

/** Languages focal points in eastern DR Congo speak most; a convenience, not a limit. */
export const FOCAL_POINT_LANGUAGES = ['fr', 'sw', 'ln', 'kg', 'lua', 'shr', 'rw', 'en'];
const FIELDS = ['displayName', 'areaId', 'network', 'languages', 'trustLevel', 'enabled', 'phoneNumbers', 'addPhoneNumbers', 'defaultCallingCode', 'removeIdentityIds'];

const splitNumbers = (text: string) => text.split(/[\n,;]+/).map((n) => n.trim()).filter(Boolean);

export interface FocalPointFormProps {
  focalPoint?: FocalPointView;
  onSaved: (focalPoint: FocalPointView, created: boolean) => void;
  onCancel: () => void;
}

export function FocalPointForm({ focalPoint, onSaved, onCancel }: FocalPointFormProps) {
  const { t, lang } = useI18n();
  const [values, setValues] = useState({
    displayName: focalPoint?.displayName ?? '',
    areaId: focalPoint?.areaId ?? '',
    network: focalPoint?.network ?? '',
    trustLevel: focalPoint?.trustLevel ?? 'new',
    phones: '',
    defaultCallingCode: '243',
  });
  const [languages, setLanguages] = useState<string[]>(focalPoint?.languages ?? []);
  const [enabled, setEnabled] = useState(focalPoint?.enabled ?? true);
  const [removed, setRemoved] = useState<string[]>([]);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const shownLanguages = [...FOCAL_POINT_LANGUAGES, ...languages.filter((l) => !FOCAL_POINT_LANGUAGES.includes(l))];

  const save = useAction(async () => {
    const phones = splitNumbers(values.phones);
    const common = {
      displayName: values.displayName.trim(),
      areaId: values.areaId || null,
      network: values.network.trim() || null,
      languages,
      trustLevel: values.trustLevel as TrustLevel,
      enabled,
      ...(values.defaultCallingCode.trim() ? { defaultCallingCode: values.defaultCallingCode.trim() } : {}),
    };
    const saved = focalPoint
      ? await updateFocalPoint(focalPoint.id, {
          ...common,
          ...(phones.length ? { addPhoneNumbers: phones } : {}),
          ...(removed.length ? { removeIdentityIds: removed } : {}),
        })
      : await createFocalPoint({ ...common, phoneNumbers: phones });
    onSaved(saved, !focalPoint);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const error = (field: string) => errorAt(save.error, field, t);
  const alert = formErrorAt(save.error, FIELDS, t);

  return (
    <form className="form panel" onSubmit={submit} noValidate data-testid="focal-point-form">
      <h2>{focalPoint ? t('alertAdmin.focal.editTitle', { name: focalPoint.displayName }) : t('alertAdmin.focal.new')}</h2>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <TextField
        label={t('alertAdmin.focal.name')}
        hint={t('alertAdmin.focal.nameHint')}
        value={values.displayName}
        onChange={set('displayName')}
        maxLength={100}
        required
        error={error('displayName')}
        testId="focal-point-name"
      />
      <AreaSelect label={t('alertAdmin.focal.area')} emptyLabel={t('alertAdmin.focal.noArea')} value={values.areaId} onChange={(id) => setValues((v) => ({ ...v, areaId: id }))} testId="focal-point-area" />
      {error('areaId') ? <p className="field__error">{error('areaId')}</p> : null}
      <TextField label={t('alertAdmin.focal.network')} hint={t('alertAdmin.focal.networkHint')} optional value={values.network} onChange={set('network')} maxLength={100} error={error('network')} testId="focal-point-network" />
      <fieldset className="choice-list aa-choices">
        <legend>
          {t('alertAdmin.focal.languages')} <span className="field__optional">{t('common.optional')}</span>
        </legend>
        {shownLanguages.map((tag) => (
          <Checkbox
            key={tag}
            label={languageName(tag, lang)}
            checked={languages.includes(tag)}
            onChange={(e) => setLanguages((list) => (e.target.checked ? [...list, tag] : list.filter((x) => x !== tag)))}
            testId={`focal-point-language-${tag}`}
          />
        ))}
        {error('languages') ? <p className="field__error">{error('languages')}</p> : null}
      </fieldset>
      <SelectField
        label={t('alertAdmin.focal.trust')}
        hint={t('alertAdmin.focal.trustHint')}
        value={values.trustLevel}
        onChange={set('trustLevel')}
        options={FOCAL_POINT_TRUST_LEVELS.map((level) => ({ value: level, label: trustLevelLabel(level, t) }))}
        error={error('trustLevel')}
        testId="focal-point-trust"
      />
      {focalPoint && focalPoint.identities.length > 0 ? (
        <fieldset className="aa-choices">
          <legend>{t('alertAdmin.focal.identities')}</legend>
          <p className="field__hint">{t('alertAdmin.focal.identitiesHint')}</p>
          {focalPoint.identities.map((identity) => (
            <Checkbox
              key={identity.id}
              label={
                <>
                  <bdi dir="ltr" data-testid={`focal-point-identity-${identity.id}`}>{identity.masked}</bdi>{' '}
                  <span className="muted">({t(identity.kind === 'phone' ? 'alertAdmin.focal.kindPhone' : 'alertAdmin.focal.kindToken')}, {formatDate(lang, identity.createdAt)})</span>
                  {removed.includes(identity.id) ? <strong> — {t('alertAdmin.focal.willRemove')}</strong> : null}
                </>
              }
              checked={removed.includes(identity.id)}
              onChange={(e) => setRemoved((list) => (e.target.checked ? [...list, identity.id] : list.filter((x) => x !== identity.id)))}
              testId={`focal-point-remove-${identity.id}`}
            />
          ))}
        </fieldset>
      ) : null}
      <TextAreaField
        label={focalPoint ? t('alertAdmin.focal.addPhones') : t('alertAdmin.focal.phones')}
        hint={t('alertAdmin.focal.phonesHint')}
        optional
        rows={3}
        dir="ltr"
        inputMode="tel"
        value={values.phones}
        onChange={set('phones')}
        error={error('phoneNumbers') ?? error('addPhoneNumbers')}
        testId="focal-point-phones"
      />
      <TextField
        label={t('alertAdmin.channels.callingCode')}
        hint={t('alertAdmin.focal.callingCodeHint')}
        optional
        inputMode="numeric"
        dir="ltr"
        value={values.defaultCallingCode}
        onChange={set('defaultCallingCode')}
        error={error('defaultCallingCode')}
        testId="focal-point-calling-code"
      />
      <Checkbox label={t('alertAdmin.focal.enabled')} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} testId="focal-point-enabled" />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="focal-point-submit">
          {focalPoint ? t('common.save') : t('alertAdmin.focal.submit')}
        </Button>
        <Button onClick={onCancel} disabled={save.busy} testId="focal-point-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
