/**
 * Adding or changing an alert channel. Each gateway asks for what its webhook is checked
 * with (Twilio's auth token, the shared secret of SMSSync, FrontlineSMS and Africa's Talking,
 * the generic webhook's HMAC key); secrets are write-only (STO-1): a change form starts empty
 * and an empty secret keeps the one stored.
 *
 * testids: channel-form, channel-provider, channel-name, channel-account-id, channel-secret,
 * channel-signature-method, channel-calling-code, channel-reply-language, channel-enabled,
 * channel-submit, channel-cancel
 */
import { useState, type FormEvent } from 'react';
import { VONAGE_SIGNATURE_METHODS } from '../../../core/alerts/sms/signing';
import { ALERT_CHANNEL_PROVIDERS, ALERT_REPLY_LANGUAGES, type ChannelView } from '../../../core/schemas/alerts';
import { fieldError, formError } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { useAction } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Checkbox, SelectField, TextField } from '../../ui/field';
import { languageName } from '../services/languages';
import { createChannel, updateChannel, type CreateChannelInput } from './admin-api';
import { providerLabel } from './settings-labels';

type Provider = (typeof ALERT_CHANNEL_PROVIDERS)[number];
type SecretName = 'authToken' | 'signatureSecret' | 'sharedSecret';

/** The one secret each gateway uses, and whether Weft refuses the channel without it. */
export const CHANNEL_SECRET: Record<Provider, { name: SecretName; required: boolean }> = {
  twilio: { name: 'authToken', required: true },
  vonage: { name: 'signatureSecret', required: false },
  africas_talking: { name: 'sharedSecret', required: true },
  frontlinesms: { name: 'sharedSecret', required: true },
  smssync: { name: 'sharedSecret', required: true },
  generic: { name: 'signatureSecret', required: true },
};
const HAS_ACCOUNT_ID: readonly Provider[] = ['twilio', 'vonage'];
const FIELDS = ['provider', 'name', 'accountId', 'authToken', 'signatureSecret', 'sharedSecret', 'signatureMethod', 'defaultCallingCode', 'replyLanguage', 'enabled'];

export interface ChannelFormProps {
  /** The channel to change; none to add one. */
  channel?: ChannelView;
  onSaved: (channel: ChannelView, created: boolean) => void;
  onCancel: () => void;
}

export function ChannelForm({ channel, onSaved, onCancel }: ChannelFormProps) {
  const { t, lang } = useI18n();
  const [provider, setProvider] = useState<Provider>(channel?.provider ?? 'twilio');
  const [values, setValues] = useState({
    name: channel?.name ?? '',
    accountId: channel?.accountId ?? '',
    secret: '',
    signatureMethod: channel?.signatureMethod ?? 'md5hash',
    defaultCallingCode: channel?.defaultCallingCode ?? '',
    replyLanguage: channel?.replyLanguage ?? 'fr',
  });
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const secret = CHANNEL_SECRET[provider];
  const secretSet = channel ? channel[`${secret.name}Set`] : false;

  const save = useAction(async () => {
    const common = {
      name: values.name.trim(),
      enabled,
      replyLanguage: values.replyLanguage as CreateChannelInput['replyLanguage'],
      defaultCallingCode: values.defaultCallingCode.trim() || null,
      ...(HAS_ACCOUNT_ID.includes(provider) ? { accountId: values.accountId.trim() || null } : {}),
      ...(provider === 'vonage' ? { signatureMethod: values.signatureMethod as CreateChannelInput['signatureMethod'] } : {}),
      // An empty secret: none when adding, the stored one kept when changing.
      ...(values.secret ? { [secret.name]: values.secret } : {}),
    };
    const saved = channel ? await updateChannel(channel.id, common) : await createChannel({ provider, ...common });
    onSaved(saved, !channel);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const error = (field: string) => fieldError(save.error, field, t);
  const alert = formError(save.error, FIELDS, t);
  const secretHint = `${t(`alertAdmin.channels.secretHint.${provider}`)}${channel && secretSet ? ` ${t('alertAdmin.channels.secretKeep')}` : ''}`;

  return (
    <form className="form panel" onSubmit={submit} noValidate data-testid="channel-form">
      <h2>{channel ? t('alertAdmin.channels.editTitle', { name: channel.name }) : t('alertAdmin.channels.new')}</h2>
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      {channel ? null : (
        <SelectField
          label={t('alertAdmin.channels.provider')}
          value={provider}
          onChange={(e) => setProvider(e.target.value as Provider)}
          options={ALERT_CHANNEL_PROVIDERS.map((p) => ({ value: p, label: providerLabel(p, t) }))}
          hint={t(`alertAdmin.channels.providerHint.${provider}`)}
          error={error('provider')}
          testId="channel-provider"
        />
      )}
      <TextField label={t('alertAdmin.channels.name')} hint={t('alertAdmin.channels.nameHint')} value={values.name} onChange={set('name')} maxLength={100} required error={error('name')} testId="channel-name" />
      {HAS_ACCOUNT_ID.includes(provider) ? (
        <TextField
          label={t(provider === 'twilio' ? 'alertAdmin.channels.accountId.twilio' : 'alertAdmin.channels.accountId.vonage')}
          hint={t(provider === 'twilio' ? 'alertAdmin.channels.accountIdHint.twilio' : 'alertAdmin.channels.accountIdHint.vonage')}
          optional
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          value={values.accountId}
          onChange={set('accountId')}
          error={error('accountId')}
          testId="channel-account-id"
        />
      ) : null}
      <TextField
        label={`${t(`alertAdmin.channels.secretLabel.${provider}`)}${secretSet ? ` — ${t('alertAdmin.channels.secretIsSet')}` : ''}`}
        hint={secretHint}
        optional={!secret.required || secretSet}
        type="password"
        autoComplete="new-password"
        dir="ltr"
        spellCheck={false}
        value={values.secret}
        onChange={set('secret')}
        error={error(secret.name)}
        testId="channel-secret"
      />
      {provider === 'vonage' ? (
        <SelectField
          label={t('alertAdmin.channels.signatureMethod')}
          value={values.signatureMethod}
          onChange={set('signatureMethod')}
          options={VONAGE_SIGNATURE_METHODS.map((m) => ({ value: m, label: m.toUpperCase() }))}
          error={error('signatureMethod')}
          testId="channel-signature-method"
        />
      ) : null}
      <TextField
        label={t('alertAdmin.channels.callingCode')}
        hint={t('alertAdmin.channels.callingCodeHint')}
        optional
        inputMode="numeric"
        dir="ltr"
        value={values.defaultCallingCode}
        onChange={set('defaultCallingCode')}
        error={error('defaultCallingCode')}
        testId="channel-calling-code"
      />
      <SelectField
        label={t('alertAdmin.channels.replyLanguage')}
        hint={t('alertAdmin.channels.replyLanguageHint')}
        value={values.replyLanguage}
        onChange={set('replyLanguage')}
        options={ALERT_REPLY_LANGUAGES.map((l) => ({ value: l, label: languageName(l, lang) }))}
        error={error('replyLanguage')}
        testId="channel-reply-language"
      />
      <Checkbox label={t('alertAdmin.channels.enabled')} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} testId="channel-enabled" />
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="channel-submit">
          {channel ? t('common.save') : t('alertAdmin.channels.submit')}
        </Button>
        <Button onClick={onCancel} disabled={save.busy} testId="channel-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
