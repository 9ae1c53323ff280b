/**
 * Record a consent (CON-1; CHD-1 for children). The form asks only what the purpose needs:
 * a recipient for referral and justice, a service for referral if the survivor narrows it,
 * and for a child either the caregiver with the child's assent or why the guardian was not
 * asked. The server validates the whole (core/consent validateConsent) and names the field.
 */
import { useState, type FormEvent } from 'react';
import {
  CHILD_ASSENTS,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  GUARDIAN_NOT_ASKED_REASONS,
  LEGAL_BASES,
  isRecipientScoped,
  type ConsentPurpose,
} from '../../../core/consent/types';
import type { ConsentView, RecordConsentInput } from '../../../core/schemas/consents';
import type { OrganisationView } from '../../../core/schemas/organisations';
import type { ServiceView } from '../../../core/schemas/services';
import { api } from '../../app/api';
import type { ListResponse } from '../../app/api-types';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField } from '../../ui/field';

const FIELDS = ['purpose', 'recipientOrganisationId', 'serviceId', 'givenBy', 'childAssent', 'guardianNotAskedReason', 'method', 'legalBasis'] as const;

export interface ConsentFormProps {
  survivorId: string;
  /** CHD-1: true for a child, null when the age is unknown (the server then asks for it). */
  isChild: boolean | null;
  organisations: readonly OrganisationView[];
  ownOrganisationId: string;
  onRecorded: (consent: ConsentView) => void;
  onCancel: () => void;
}

export function ConsentForm({ survivorId, isChild, organisations, ownOrganisationId, onRecorded, onCancel }: ConsentFormProps) {
  const { t } = useI18n();
  const [purpose, setPurpose] = useState<ConsentPurpose>('services');
  const [recipient, setRecipient] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [givenBy, setGivenBy] = useState<(typeof CONSENT_GIVERS)[number]>('survivor');
  const [childAssent, setChildAssent] = useState('');
  const [guardianReason, setGuardianReason] = useState('');
  const [method, setMethod] = useState<(typeof CONSENT_METHODS)[number]>('verbal');
  const [legalBasis, setLegalBasis] = useState<(typeof LEGAL_BASES)[number]>('consent');
  const [missing, setMissing] = useState<string | null>(null);

  const scoped = isRecipientScoped(purpose);
  const services = useLoad(
    async (signal) =>
      purpose === 'referral' && recipient
        ? (await api.get<ListResponse<ServiceView>>('/api/services', { query: { organisationId: recipient, acceptsReferrals: 'true' }, signal })).data
        : [],
    [purpose, recipient],
  );
  const child = isChild !== false;

  const save = useAction(async () => {
    const body: RecordConsentInput = {
      purpose,
      recipientOrganisationId: scoped ? recipient : null,
      serviceId: purpose === 'referral' && serviceId ? serviceId : null,
      givenBy: child ? givenBy : 'survivor',
      childAssent: child && givenBy === 'caregiver' ? ((childAssent || null) as RecordConsentInput['childAssent']) : null,
      guardianNotAskedReason: child && givenBy === 'survivor' && guardianReason ? (guardianReason as RecordConsentInput['guardianNotAskedReason']) : null,
      method,
      legalBasis,
    };
    onRecorded(await api.post<ConsentView>(`/api/survivors/${survivorId}/consents`, body));
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (scoped && !recipient) {
      setMissing('recipientOrganisationId');
      return;
    }
    setMissing(null);
    void save.run();
  };
  const errorOf = (field: (typeof FIELDS)[number]) => (missing === field ? t('common.required') : fieldError(save.error, field, t));
  const alert = formError(save.error, FIELDS, t);
  const choose = { value: '', label: t('survivors.consent.choose') };
  const recipients = organisations.filter((o) => !o.disabled && (purpose === 'justice' || o.id !== ownOrganisationId));

  return (
    <form className="form panel" onSubmit={submit} noValidate data-testid="consent-form">
      <h3>{t('survivors.consent.record')}</h3>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      <SelectField
        label={t('survivors.consent.purpose')}
        value={purpose}
        onChange={(event) => {
          setPurpose(event.target.value as ConsentPurpose);
          setServiceId('');
        }}
        options={CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`survivors.consent.purpose.${p}`) }))}
        error={errorOf('purpose')}
        testId="consent-purpose"
      />
      {scoped ? (
        <SelectField
          label={t('survivors.consent.recipient')}
          hint={t('survivors.consent.recipientHint')}
          value={recipient}
          onChange={(event) => {
            setRecipient(event.target.value);
            setServiceId('');
          }}
          options={[choose, ...recipients.map((o) => ({ value: o.id, label: o.name }))]}
          error={errorOf('recipientOrganisationId')}
          testId="consent-recipient"
        />
      ) : null}
      {purpose === 'referral' && recipient ? (
        <SelectField
          label={t('survivors.consent.service')}
          optional
          value={serviceId}
          onChange={(event) => setServiceId(event.target.value)}
          options={[{ value: '', label: t('survivors.consent.serviceAny') }, ...(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
          error={errorOf('serviceId')}
          testId="consent-service"
        />
      ) : null}
      {child ? (
        <>
          <p className="field__hint">{t('survivors.consent.childHint')}</p>
          <SelectField
            label={t('survivors.consent.givenBy')}
            value={givenBy}
            onChange={(event) => setGivenBy(event.target.value as (typeof CONSENT_GIVERS)[number])}
            options={CONSENT_GIVERS.map((g) => ({ value: g, label: t(`survivors.consent.givenBy.${g}`) }))}
            error={errorOf('givenBy')}
            testId="consent-given-by"
          />
          {givenBy === 'caregiver' ? (
            <SelectField
              label={t('survivors.consent.childAssent')}
              value={childAssent}
              onChange={(event) => setChildAssent(event.target.value)}
              options={[choose, ...CHILD_ASSENTS.map((a) => ({ value: a, label: t(`survivors.consent.childAssent.${a}`) }))]}
              error={errorOf('childAssent')}
              testId="consent-child-assent"
            />
          ) : (
            <SelectField
              label={t('survivors.consent.guardianReason')}
              value={guardianReason}
              onChange={(event) => setGuardianReason(event.target.value)}
              options={[choose, ...GUARDIAN_NOT_ASKED_REASONS.map((r) => ({ value: r, label: t(`survivors.consent.guardianReason.${r}`) }))]}
              error={errorOf('guardianNotAskedReason')}
              testId="consent-guardian-reason"
            />
          )}
        </>
      ) : null}
      <SelectField
        label={t('survivors.consent.method')}
        value={method}
        onChange={(event) => setMethod(event.target.value as (typeof CONSENT_METHODS)[number])}
        options={CONSENT_METHODS.map((m) => ({ value: m, label: t(`survivors.consent.method.${m}`) }))}
        error={errorOf('method')}
        testId="consent-method"
      />
      <SelectField
        label={t('survivors.consent.legalBasis')}
        hint={t('survivors.consent.legalBasisHint')}
        value={legalBasis}
        onChange={(event) => setLegalBasis(event.target.value as (typeof LEGAL_BASES)[number])}
        options={LEGAL_BASES.map((b) => ({ value: b, label: t(`survivors.consent.legalBasis.${b}`) }))}
        error={errorOf('legalBasis')}
        testId="consent-legal-basis"
      />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="consent-submit">
          {t('survivors.consent.record')}
        </Button>
        <Button onClick={onCancel} testId="consent-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
