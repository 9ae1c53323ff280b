/**
 * Settings, outbound SMS and on-call numbers (alerts.targets): the channel acknowledgements,
 * task messages and escalations go out through, and the numbers told when an alert passes
 * its targets. On-call numbers are sealed on the server and shown masked; since they are
 * never shown again in clear, saving sends the whole list (the form says so).
 *
 * testids: outbound-section, outbound-form, outbound-channel, outbound-current-phones,
 * outbound-phones, outbound-submit
 */
import { useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../core/schemas/alert-response';
import type { ChannelView } from '../../../core/schemas/alerts';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useSession } from '../../app/session';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { TextAreaField } from '../../ui/text-area';
import { getResponseSettings, listChannels, putResponseSettings } from './admin-api';
import { errorAt, formErrorAt, providerLabel } from './settings-labels';

const splitNumbers = (text: string) => text.split(/[\n,;]+/).map((n) => n.replace(/[\s().-]/g, '')).filter(Boolean);

function OutboundForm({ settings, channels, onSaved }: { settings: SettingsView; channels: ChannelView[] | null; onSaved: (s: SettingsView) => void }) {
  const { t, lang } = useI18n();
  const [channelId, setChannelId] = useState(settings.outboundChannelId ?? '');
  const [phones, setPhones] = useState('');
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    setSaved(false);
    onSaved(await putResponseSettings({ outboundChannelId: channelId || null, onCallPhones: splitNumbers(phones) }));
    setPhones('');
    setSaved(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const known = channels?.find((c) => c.id === settings.outboundChannelId);
  // Without alerts.configure the channel list is not ours to read: the current choice is kept or cleared.
  const options = channels
    ? channels.map((c) => ({ value: c.id, label: `${c.name} (${providerLabel(c.provider, t)})${c.enabled ? '' : ` — ${t('alertAdmin.channels.off')}`}` }))
    : settings.outboundChannelId
      ? [{ value: settings.outboundChannelId, label: t('alertAdmin.outbound.currentChannel') }]
      : [];
  const alert = formErrorAt(save.error, ['outboundChannelId', 'onCallPhones'], t);
  const dropsNumbers = settings.onCallPhones.length > 0 && splitNumbers(phones).length === 0;

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="outbound-form">
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      {saved && !save.error ? <Alert tone="success">{t('alertAdmin.outbound.saved')}</Alert> : null}
      <SelectField
        label={t('alertAdmin.outbound.channel')}
        hint={t('alertAdmin.outbound.channelHint')}
        value={channelId}
        onChange={(e) => setChannelId(e.target.value)}
        options={[{ value: '', label: t('alertAdmin.outbound.noChannel') }, ...options]}
        error={errorAt(save.error, 'outboundChannelId', t)}
        testId="outbound-channel"
      />
      {known && !known.enabled ? <p className="field__error">{t('alertAdmin.outbound.channelDisabled')}</p> : null}
      <div className="field">
        <p className="field__label">{t('alertAdmin.outbound.currentPhones')}</p>
        {settings.onCallPhones.length ? (
          <ul className="aa-phones" data-testid="outbound-current-phones">
            {settings.onCallPhones.map((masked, index) => (
              <li key={`${masked}-${index}`}>
                <bdi dir="ltr">{masked}</bdi>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted" data-testid="outbound-current-phones">{t('alertAdmin.outbound.noPhones')}</p>
        )}
        {settings.updatedAt ? <p className="field__hint">{t('alertAdmin.outbound.updatedAt', { when: formatDateTime(lang, settings.updatedAt) })}</p> : null}
      </div>
      <TextAreaField
        label={t('alertAdmin.outbound.phones')}
        hint={t('alertAdmin.outbound.phonesHint')}
        optional
        rows={3}
        dir="ltr"
        inputMode="tel"
        value={phones}
        onChange={(e) => setPhones(e.target.value)}
        error={errorAt(save.error, 'onCallPhones', t)}
        testId="outbound-phones"
      />
      {dropsNumbers ? <Alert tone="warning">{t('alertAdmin.outbound.willClear', { count: settings.onCallPhones.length })}</Alert> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={save.busy} testId="outbound-submit">
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

export function OutboundSection() {
  const { t } = useI18n();
  const { can } = useSession();
  const canReadChannels = can('alerts.configure');
  const settings = useLoad((signal) => getResponseSettings(signal), []);
  const channels = useLoad(async (signal) => (canReadChannels ? (await listChannels(signal)).data : null), [canReadChannels]);
  const [latest, setLatest] = useState<SettingsView | null>(null);
  return (
    <section className="aa-section" aria-labelledby="outbound-title" data-testid="outbound-section">
      <h2 id="outbound-title">{t('alertAdmin.outbound.title')}</h2>
      <p className="muted">{t('alertAdmin.outbound.intro')}</p>
      <LoadView load={settings}>
        {(view) => <OutboundForm settings={latest ?? view} channels={channels.data ?? null} onSaved={setLatest} />}
      </LoadView>
    </section>
  );
}
