/**
 * The service directory (/services, every signed-in user): what survivors can be referred
 * to, filtered by type, area and language. 'services.manage' adds and edits its own
 * organisation's entries (the server decides: `policies.update`).
 *
 * testids: services-filter-type, services-filter-area, services-filter-language, services-list,
 * service-<id>, service-edit-<id>, service-new (and service-form.tsx's)
 */
import { useState } from 'react';
import type { ServiceView } from '../../../core/schemas/services';
import { SERVICE_TYPES } from './service-types';
import { api } from '../../app/api';
import { labelled, listFormat } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { AreaSelect, areaName, useAreas } from './area-select';
import { languageName } from './languages';
import { ServiceForm } from './service-form';
import '../cases/cases.css';

type Editing = { mode: 'create' } | { mode: 'edit'; service: ServiceView } | null;

export function ServicesPage() {
  const { t, tp, lang } = useI18n();
  const { can } = useSession();
  const [type, setType] = useState('');
  const [areaId, setAreaId] = useState('');
  const [language, setLanguage] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<string | null>(null);
  const areas = useAreas();
  const languageFilter = /^[a-z]{2,3}$/.test(language.trim().toLowerCase()) ? language.trim().toLowerCase() : undefined;
  const services = useLoad(
    (signal) => api.get<{ data: ServiceView[] }>('/api/services', { query: { type: type || undefined, areaId: areaId || undefined, language: languageFilter }, signal }),
    [type, areaId, languageFilter],
  );
  const allAreas = [...(areas.data?.provinces ?? []), ...(areas.data?.territories ?? [])];
  const areaLabel = (id: string) => {
    const found = allAreas.find((a) => a.id === id);
    return found ? areaName(found, lang) : null;
  };

  return (
    <Page
      title={t('services.title')}
      intro={t('services.intro')}
      actions={
        can('services.manage') && !editing ? (
          <Button variant="primary" onClick={() => { setMessage(null); setEditing({ mode: 'create' }); }} testId="service-new">{t('services.new')}</Button>
        ) : null
      }
    >
      {message ? <Alert tone="success">{message}</Alert> : null}
      {editing ? (
        <ServiceForm
          key={editing.mode === 'edit' ? editing.service.id : 'new'}
          service={editing.mode === 'edit' ? editing.service : undefined}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setMessage(t('services.saved', { name: saved.name }));
            services.reload();
          }}
        />
      ) : null}
      <div className="filters filters__grid">
        <SelectField
          label={t('services.type')}
          value={type}
          onChange={(e) => setType(e.target.value)}
          options={[{ value: '', label: t('services.anyType') }, ...SERVICE_TYPES.map((s) => ({ value: s, label: t(`services.type.${s}`) }))]}
          testId="services-filter-type"
        />
        <AreaSelect value={areaId} onChange={setAreaId} testId="services-filter-area" />
        <TextField
          label={t('services.language')}
          hint={t('services.languageHint')}
          optional
          dir="ltr"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={3}
          value={language}
          onChange={(e) => setLanguage(e.target.value)}
          testId="services-filter-language"
        />
      </div>
      <LoadView load={services}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState>{can('services.manage') ? t('services.emptyManage') : t('services.empty')}</EmptyState>
          ) : (
            <ul className="service-list" data-testid="services-list">
              {data.map((s) => (
                <li key={s.id} className="service-card" data-testid={`service-${s.id}`}>
                  <h3>{s.name}</h3>
                  <p>
                    <span className="tag">{t(`services.type.${s.type}`)}</span>
                    {s.disabled ? <span className="tag tag--warning">{t('common.disabled')}</span> : null}
                    {!s.acceptsReferrals ? <span className="tag tag--warning">{t('services.noReferrals')}</span> : null}
                  </p>
                  <p><strong>{s.organisationName}</strong>{s.facilityName ? ` · ${s.facilityName}` : ''}</p>
                  {s.areaIds.length ? (
                    <p>{labelled(lang, t('services.areas'))}{listFormat(lang, s.areaIds.map((id) => areaLabel(id)).filter((name): name is string => Boolean(name))) || tp('services.areaCount', s.areaIds.length)}</p>
                  ) : null}
                  {s.languages.length ? <p>{labelled(lang, t('services.languages'))}{listFormat(lang, s.languages.map((l) => languageName(l, lang)))}</p> : null}
                  {s.hours ? <p>{labelled(lang, t('services.hours'))}{s.hours}</p> : null}
                  {s.contact ? <p>{labelled(lang, t('services.contact'))}<span dir="auto">{s.contact}</span></p> : null}
                  {s.policies.update ? (
                    <Button onClick={() => { setMessage(null); setEditing({ mode: 'edit', service: s }); window.scrollTo(0, 0); }} testId={`service-edit-${s.id}`}>
                      {t('common.edit')}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </LoadView>
    </Page>
  );
}
