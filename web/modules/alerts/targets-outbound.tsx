/**
 * Settings, outbound SMS and on-call numbers (alerts.targets): the channel acknowledgements,
 * task messages and escalations go out through (chosen from the organisation's channels by
 * name, GET /api/alerts/response-settings/channels: no channel configuration needed), and the
 * numbers told when an alert passes its targets. On-call numbers are sealed on the server and
 * only ever shown masked: the form keeps a number by its id, removes it, or adds new ones, so
 * nobody retypes the list.
 *
 * testids: outbound-section, outbound-form, outbound-channel, outbound-channel-cannot-send,
 * outbound-current-phones, outbound-phone-<n>, outbound-phone-remove-<n>, outbound-phone-keep-<n>,
 * outbound-phones, outbound-will-clear, outbound-saved, outbound-submit
 */
import { useState, type FormEvent } from 'react';
import type { OutboundChannelChoice, PutSettingsInput, SettingsView } from '../../../core/schemas/alert-response';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useAction, useLoad } from '../../app/use-load';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { SelectField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { TextAreaField } from '../../ui/text-area';
import { getResponseSettings, listOutboundChannelChoices, putResponseSettings } from './admin-api';
import { errorAt, formErrorAt, providerLabel } from './settings-labels';

const splitNumbers = (text: string) => text.split(/[\n,;]+/).map((n) => n.replace(/[\s().-]/g, '')).filter(Boolean);

function OutboundForm({ settings, channels, onSaved }: { settings: SettingsView; channels: OutboundChannelChoice[] | null; onSaved: (s: SettingsView) => void }) {
  const { t, lang } = useI18n();
  const [channelId, setChannelId] = useState(settings.outboundChannelId ?? '');
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [phones, setPhones] = useState('');
  const [saved, setSaved] = useState(false);
  const kept = settings.onCallPhones.filter((p) => !removed.has(p.id));
  const save = useAction(async () => {
    setSaved(false);
    const onCallPhones: PutSettingsInput['onCallPhones'] = [...kept.map((p) => ({ id: p.id })), ...splitNumbers(phones)];
    onSaved(await putResponseSettings({ outboundChannelId: channelId || null, onCallPhones }));
    setPhones('');
    setRemoved(new Set());
    setSaved(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const toggle = (id: string) =>
    setRemoved((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const chosen = channels?.find((c) => c.id === channelId);
  const options = channels
    ? channels.map((c) => {
        const state = !c.enabled ? ` — ${t('alertAdmin.channels.off')}` : c.canSend ? '' : ` — ${t('alertAdmin.outbound.cannotSendShort')}`;
        return { value: c.id, label: `${c.name} (${providerLabel(c.provider, t)})${state}` };
      })
    : settings.outboundChannelId
      ? [{ value: settings.outboundChannelId, label: t('alertAdmin.outbound.currentChannel') }]
      : [];
  const alert = formErrorAt(save.error, ['outboundChannelId', 'onCallPhones'], t);
  const clearsAll = settings.onCallPhones.length > 0 && kept.length === 0 && splitNumbers(phones).length === 0;

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="outbound-form">
      {alert ? <Alert tone="error">{alert}</Alert> : null}
      {saved && !save.error ? <Alert tone="success" testId="outbound-saved">{t('alertAdmin.outbound.saved')}</Alert> : null}
      <SelectField
        label={t('alertAdmin.outbound.channel')}
        hint={t('alertAdmin.outbound.channelHint')}
        value={channelId}
        onChange={(e) => setChannelId(e.target.value)}
        options={[{ value: '', label: t('alertAdmin.outbound.noChannel') }, ...options]}
        error={errorAt(save.error, 'outboundChannelId', t)}
        testId="outbound-channel"
      />
      {chosen && !chosen.enabled ? <p className="field__error">{t('alertAdmin.outbound.channelDisabled')}</p> : null}
      {chosen && chosen.enabled && !chosen.canSend ? (
        <p className="field__error" data-testid="outbound-channel-cannot-send">{t('alertAdmin.outbound.cannotSend')}</p>
      ) : null}
      <fieldset className="aa-fieldset">
        <legend>{t('alertAdmin.outbound.currentPhones')}</legend>
        {settings.onCallPhones.length ? (
          <ul className="aa-phones aa-phones--editable" data-testid="outbound-current-phones">
            {settings.onCallPhones.map((phone, index) => {
              const gone = removed.has(phone.id);
              return (
                <li key={phone.id} className={gone ? 'aa-phone aa-phone--removed' : 'aa-phone'} data-testid={`outbound-phone-${index}`} data-removed={gone || undefined}>
                  <bdi dir="ltr">{phone.masked}</bdi>
                  {gone ? <span className="tag aa-tag--off">{t('alertAdmin.outbound.phoneRemoved')}</span> : null}
                  <Button
                    variant="quiet"
                    onClick={() => toggle(phone.id)}
                    aria-label={t(gone ? 'alertAdmin.outbound.keepPhone' : 'alertAdmin.outbound.removePhone', { number: phone.masked })}
                    testId={gone ? `outbound-phone-keep-${index}` : `outbound-phone-remove-${index}`}
                  >
                    {t(gone ? 'alertAdmin.outbound.keep' : 'alertAdmin.outbound.remove')}
                  </Button>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="muted" data-testid="outbound-current-phones">{t('alertAdmin.outbound.noPhones')}</p>
        )}
        {settings.updatedAt ? <p className="field__hint">{t('alertAdmin.outbound.updatedAt', { when: formatDateTime(lang, settings.updatedAt) })}</p> : null}
      </fieldset>
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
      {clearsAll ? <Alert tone="warning" testId="outbound-will-clear">{t('alertAdmin.outbound.willClear', { count: settings.onCallPhones.length })}</Alert> : null}
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
  const settings = useLoad((signal) => getResponseSettings(signal), []);
  // The list is only names; a failure leaves the current choice in place rather than the form.
  const channels = useLoad((signal) => listOutboundChannelChoices(signal).then((r) => r.data).catch(() => null), []);
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
