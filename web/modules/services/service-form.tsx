/**
 * Add or change a service of one's own organisation ('services.manage'). The contact is the
 * service's desk or hotline, never a person's number.
 *
 * testids: service-form, service-name, service-type, service-facility, service-area-add,
 * service-area-remove-<id>, service-languages, service-hours, service-contact,
 * service-accepts-referrals, service-disabled, service-submit
 */
import { useState, type FormEvent } from 'react';
import type { ServiceView } from '../../../core/schemas/services';
import { SERVICE_TYPES } from './service-types';
import { api } from '../../app/api';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, SelectField, TextField } from '../../ui/field';
import { AreaSelect, areaName, useAreas } from './area-select';

const FIELDS = ['name', 'type', 'areaIds', 'facilityName', 'languages', 'hours', 'contact', 'acceptsReferrals', 'disabled'];

export function ServiceForm({ service, onSaved, onCancel }: { service?: ServiceView; onSaved: (s: ServiceView) => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const areas = useAreas();
  const [values, setValues] = useState({
    name: service?.name ?? '',
    type: service?.type ?? SERVICE_TYPES[0],
    facilityName: service?.facilityName ?? '',
    languages: service?.languages.join(', ') ?? '',
    hours: service?.hours ?? '',
    contact: service?.contact ?? '',
    acceptsReferrals: service?.acceptsReferrals ?? true,
    disabled: service?.disabled ?? false,
  });
  const [areaIds, setAreaIds] = useState<string[]>(service?.areaIds ?? []);
  const [missing, setMissing] = useState(false);
  const set = (field: 'name' | 'type' | 'facilityName' | 'languages' | 'hours' | 'contact') => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));
  const save = useAction(async () => {
    const body = {
      name: values.name.trim(),
      type: values.type,
      areaIds,
      facilityName: values.facilityName.trim() || null,
      languages: values.languages.split(/[,\s]+/).map((l) => l.trim().toLowerCase()).filter(Boolean),
      hours: values.hours.trim() || null,
      contact: values.contact.trim() || null,
      acceptsReferrals: values.acceptsReferrals,
    };
    onSaved(
      service
        ? await api.patch<ServiceView>(`/api/services/${service.id}`, { ...body, disabled: values.disabled })
        : await api.post<ServiceView>('/api/services', body),
    );
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!values.name.trim());
    if (values.name.trim()) void save.run();
  };
  const allAreas = [...(areas.data?.provinces ?? []), ...(areas.data?.territories ?? [])];
  const alert = formError(save.error, FIELDS, t);
  return (
    <form className="form panel" onSubmit={submit} noValidate data-testid="service-form">
      <h2>{service ? t('services.editTitle', { name: service.name }) : t('services.new')}</h2>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <TextField label={t('services.name')} value={values.name} maxLength={200} onChange={set('name')} error={missing ? t('common.required') : fieldError(save.error, 'name', t)} testId="service-name" />
      <SelectField label={t('services.type')} value={values.type} onChange={set('type')} options={SERVICE_TYPES.map((s) => ({ value: s, label: t(`services.type.${s}`) }))} testId="service-type" />
      <TextField label={t('services.facility')} optional value={values.facilityName} maxLength={200} onChange={set('facilityName')} error={fieldError(save.error, 'facilityName', t)} testId="service-facility" />
      <div className="field">
        <AreaSelect label={t('services.addArea')} emptyLabel={t('services.chooseArea')} value="" onChange={(id) => id && !areaIds.includes(id) && setAreaIds((a) => [...a, id])} testId="service-area-add" />
        {fieldError(save.error, 'areaIds', t) ? <p className="field__error">{fieldError(save.error, 'areaIds', t)}</p> : null}
        {areaIds.length === 0 ? <p className="field__hint">{t('services.noAreas')}</p> : null}
        <div className="button-row">
          {areaIds.map((id) => {
            const area = allAreas.find((a) => a.id === id);
            return (
              <Button key={id} variant="quiet" onClick={() => setAreaIds((a) => a.filter((x) => x !== id))} testId={`service-area-remove-${id}`} aria-label={t('services.removeArea', { name: area ? areaName(area, lang) : id })}>
                {area ? areaName(area, lang) : id} ✕
              </Button>
            );
          })}
        </div>
      </div>
      <TextField label={t('services.languages')} hint={t('services.languagesHint')} optional dir="ltr" value={values.languages} onChange={set('languages')} error={fieldError(save.error, 'languages', t)} testId="service-languages" />
      <TextField label={t('services.hours')} hint={t('services.hoursHint')} optional value={values.hours} maxLength={500} onChange={set('hours')} error={fieldError(save.error, 'hours', t)} testId="service-hours" />
      <TextField label={t('services.contact')} hint={t('services.contactHint')} optional value={values.contact} maxLength={500} onChange={set('contact')} error={fieldError(save.error, 'contact', t)} testId="service-contact" />
      <Checkbox label={t('services.acceptsReferrals')} checked={values.acceptsReferrals} onChange={(e) => setValues((v) => ({ ...v, acceptsReferrals: e.target.checked }))} testId="service-accepts-referrals" />
      {service ? <Checkbox label={t('services.disable')} checked={values.disabled} onChange={(e) => setValues((v) => ({ ...v, disabled: e.target.checked }))} testId="service-disabled" /> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="service-submit">{service ? t('common.save') : t('services.create')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
